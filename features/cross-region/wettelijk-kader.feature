# language: nl
Functionaliteit: Wettelijk kader van Jeugdwet en Wmo in alle regio's (Jeugdwet art. 1.1, Wmo 2015 art. 1.1.1, MH-2025 §4.1)
  Jeugdhulp is voor wie jonger is dan 18; van 18 tot 23 jaar alleen als verlengde jeugdhulp
  (ook hervat binnen een half jaar) of binnen het jeugdstrafrecht, vanaf 23 nooit.
  Jeugdreclassering vraagt van 18 tot 23 geen uitzondering (het jeugdstrafrecht geldt ook voor
  jongvolwassenen); vanaf 23 een motivering met grond jeugdstrafrecht. Jeugdbescherming (OTS,
  voogdij) eindigt bij de meerderjarigheid: vanaf 18 niet conform.
  Wmo-begeleiding, dagbesteding, logeren, huishoudelijke hulp en beschermd wonen zijn pas vanaf 18 jaar.

  Scenario: Een dag vóór de 18e verjaardag is de cliënt nog jeugdige
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-02
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WK-01 gehouden
    En heeft de regel XR-WK-02 gehouden

  Scenario: Op de 18e verjaardag kan jeugdhulp alleen als verlengde jeugdhulp
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe wettelijk-kader
    En citeert de toelichting Jeugdwet paragraaf art. 1.1
    En bevat de toelichting "De Jeugdwet geldt tot 18 jaar"

  Scenario: Gemotiveerde verlengde jeugdhulp voor een twintigjarige is toegestaan
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond verlengde_jeugdhulp en motivering "Behandeling begon op 16-jarige leeftijd en loopt door"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel XR-WK-01 met uitkomst conform_met_uitzondering

  Scenario: Een andere grond dan verlengde jeugdhulp telt niet
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond uitzonderlijke_situatie en motivering "Geen passend Wmo-aanbod"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-01 met uitkomst motivering_vereist

  Scenario: Verlengde jeugdhulp zonder motivering telt niet
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond verlengde_jeugdhulp zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-01 met uitkomst motivering_vereist

  Scenario: Verlengde jeugdhulp vastgelegd onder een ander principe telt niet
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    En er is een uitzondering vastgelegd voor nee-tenzij met grond verlengde_jeugdhulp en motivering "Behandeling begon vóór het 18e jaar"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-01 met uitkomst motivering_vereist

  Scenario: Een dag vóór de 23e verjaardag kan nog verlengde jeugdhulp
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2004-03-02
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-01 met uitkomst motivering_vereist
    En heeft de regel XR-WK-02 gehouden

  Scenario: Vanaf 23 jaar is jeugdhulp niet mogelijk, ook niet als verlengde jeugdhulp
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2004-03-01
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond verlengde_jeugdhulp en motivering "Behandeling begon vóór het 18e jaar"
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-02 met uitkomst niet_conform
    En noemt de toelichting de regel XR-WK-01 niet

  Scenario: Voor een volwassene onder de Wmo gelden de leeftijdsgrenzen van de Jeugdwet niet
    Gegeven een beschikking voor begeleiding_wmo in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WK-01 niet
    En noemt de toelichting de regel XR-WK-02 niet

  Scenario: Wmo-begeleiding voor een zeventienjarige hoort onder de Jeugdwet
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-02
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-03 met uitkomst niet_conform
    En citeert de toelichting Wmo-2015 paragraaf art. 1.1.1

  Scenario: Op de 18e verjaardag kan Wmo-begeleiding
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WK-03 gehouden

  Scenario: Huishoudelijke hulp via de Wmo voor een zestienjarige
    Gegeven een beschikking voor huishoudelijke_hulp in Zeist van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2010-05-01
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-03 met uitkomst niet_conform

  Scenario: Een Wmo-hulpmiddel mag ook voor een kind
    Gegeven een beschikking voor hulpmiddelen in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2017-05-01
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WK-03 niet

  Scenario: Jeugdhulp die op de 18e verjaardag nog loopt vraagt een plan voor 18+
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WK-04 met uitkomst signaal
    En citeert de toelichting MH-2025 paragraaf 4.1

  Scenario: Jeugdhulp die de dag vóór de 18e verjaardag eindigt
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-01 tot en met 2027-08-30
    En de cliënt is geboren op 2009-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WK-04 gehouden

  Scenario: Jeugdhulp zonder einddatum voor een jeugdige loopt door na de 18e verjaardag
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum vanaf 2027-03-01 zonder einddatum
    En de cliënt is geboren op 2012-01-15
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WK-04 met uitkomst signaal

  Scenario: Jeugdhulp voor een twintigjarige binnen het jeugdstrafrecht is toegestaan
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2006-06-15
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond jeugdstrafrecht en motivering "De rechter paste het adolescentenstrafrecht toe"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel XR-WK-01 met uitkomst conform_met_uitzondering

  Scenario: Jeugdreclassering voor een negentienjarige vraagt geen uitzondering
    Gegeven een beschikking voor jeugdreclassering in Zeist van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2008-01-10
    En de jeugdbeschermingsstatus is jeugdreclassering
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WK-01 niet
    En heeft de regel XR-WK-05 gehouden

  Scenario: Jeugdreclassering voor een tweeëntwintigjarige vraagt geen uitzondering
    Gegeven een beschikking voor jeugdreclassering in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2004-03-02
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WK-05 gehouden
    En noemt de toelichting de regel XR-WK-02 niet

  Scenario: Jeugdreclassering vanaf 23 jaar vraagt een motivering
    Gegeven een beschikking voor jeugdreclassering in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2004-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-05 met uitkomst motivering_vereist
    En noemt de toelichting de regel XR-WK-02 niet

  Scenario: Jeugdreclassering vanaf 23 jaar binnen het jeugdstrafrecht, gemotiveerd
    Gegeven een beschikking voor jeugdreclassering in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2003-05-01
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond jeugdstrafrecht en motivering "Toezicht bij een voorwaardelijke PIJ-maatregel loopt door"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel XR-WK-05 met uitkomst conform_met_uitzondering

  Scenario: Verlengde jeugdhulp telt niet als grond voor jeugdreclassering vanaf 23
    Gegeven een beschikking voor jeugdreclassering in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2003-05-01
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond verlengde_jeugdhulp en motivering "Begon voor het 18e jaar"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel XR-WK-05 met uitkomst motivering_vereist

  Scenario: Jeugdbescherming voor een zeventienjarige past
    Gegeven een beschikking voor jeugdbescherming in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-02
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan heeft de regel XR-WK-06 gehouden
    En noemt de toelichting de regel XR-WK-01 niet

  Scenario: Jeugdbescherming vanaf 18 jaar is niet conform
    Gegeven een beschikking voor jeugdbescherming in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-01
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-06 met uitkomst niet_conform
    En citeert de toelichting BW paragraaf art. 1:255
    En noemt de toelichting de regel XR-WK-01 niet

  Scenario: Ook met verlengde jeugdhulp geen jeugdbescherming voor een twintigjarige
    Gegeven een beschikking voor jeugdbescherming in Zeist van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2007-01-01
    En er is een uitzondering vastgelegd voor wettelijk-kader met grond verlengde_jeugdhulp en motivering "Loopt al lang"
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-06 met uitkomst niet_conform

  Scenario: De leeftijdsgrens in de tekst komt uit de parameter
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2009-03-01
    En de parameter age_of_majority is 19
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WK-01 gehouden
