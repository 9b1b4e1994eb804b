# language: nl
Functionaliteit: Groepsaanbod, tenzij in Zuidoost Utrecht (Inkoopkoers 2027, §2.2 en §5.3)
  Ambulante jeugdhulp en begeleiding voor jeugd zijn in principe groepsaanbod; individuele hulp vraagt
  een motivering, behalve bij een maatregel (ots, voogdij, jeugdreclassering). Wmo-begeleiding blijft individueel.

  Scenario: Individuele ambulante jeugdhulp vraagt een motivering
    Gegeven een beschikking voor jeugdhulp_ambulant in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GROEP-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe groepsaanbod-tenzij
    En citeert de toelichting ZOU-2027 paragraaf 2.2

  Scenario: Ambulante jeugdhulp in een groep past
    Gegeven een beschikking voor jeugdhulp_ambulant in Zeist van 2027-03-01 tot en met 2027-08-31
    En de vorm is groep
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-GROEP-01 gehouden

  Scenario: Individuele begeleiding met motivering is toegestaan
    Gegeven een beschikking voor begeleiding_jeugd in De Bilt van 2027-03-01 tot en met 2027-08-31
    En er is een uitzondering vastgelegd voor groepsaanbod-tenzij met grond uitzonderlijke_situatie en motivering "Jeugdige raakt in een groep overprikkeld"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-GROEP-01 met uitkomst conform_met_uitzondering

  Scenario: Individuele begeleiding met een uitzondering zonder motivering
    Gegeven een beschikking voor begeleiding_jeugd in De Bilt van 2027-03-01 tot en met 2027-08-31
    En er is een uitzondering vastgelegd voor groepsaanbod-tenzij met grond uitzonderlijke_situatie zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GROEP-01 met uitkomst motivering_vereist

  Scenario: Bij een ondertoezichtstelling blijft individuele hulp mogelijk
    Gegeven een beschikking voor begeleiding_jeugd in Bunnik van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GROEP-01 niet

  Scenario: Bij jeugdreclassering blijft individuele hulp mogelijk
    Gegeven een beschikking voor jeugdhulp_ambulant in Bunnik van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is jeugdreclassering
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GROEP-01 niet

  Scenario: In aanloop naar een maatregel geldt groepsaanbod wel
    Gegeven een beschikking voor begeleiding_jeugd in Bunnik van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is in_aanloop
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GROEP-01 met uitkomst motivering_vereist

  Scenario: Wmo-begeleiding blijft individueel
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GROEP-01 niet
