# language: nl
Functionaliteit: Segmenten in Kennemerland (Regionale verwervingsstrategie sociaal domein 2018, §6)
  Segment A is de vrij toegankelijke basisinfrastructuur: zonder indicatie en zonder Wmo-eigen
  bijdrage. Welke diensten in segment A vallen, bepaalt elke gemeente zelf. Een maatwerkbeschikking
  voor zo'n dienst vraagt een motivering: maatwerk blijft verplicht als de algemene voorziening
  niet passend, beschikbaar of betaalbaar is. Na een wettelijke verwijzing naar jeugdhulp
  (huisarts, jeugdarts, medisch specialist, gecertificeerde instelling) alleen een signaal.

  Scenario: Zonder aanbod in segment A valt begeleiding in segment B
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment B
    En heeft de regel KL-SEG-01 gehouden
    En heeft de regel KL-EB-01 gehouden

  Scenario: Maatwerk voor een dienst die de gemeente in segment A aanbiedt, vraagt een motivering
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En is het segment A
    En noemt de toelichting de regel KL-SEG-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe segment
    En citeert de toelichting KL-2018 paragraaf 6

  Scenario: Maatwerk omdat de algemene voorziening niet past, gemotiveerd
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    En er is een uitzondering vastgelegd voor segment met grond algemene_voorziening_ontoereikend en motivering "De inloop in de wijk is niet bereikbaar met deze beperking"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel KL-SEG-01 met uitkomst conform_met_uitzondering

  Scenario: Een andere grond telt niet voor maatwerk in segment A
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    En er is een uitzondering vastgelegd voor segment met grond uitzonderlijke_situatie en motivering "Bijzondere situatie"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel KL-SEG-01 met uitkomst motivering_vereist

  Scenario: Jeugdhulp na verwijzing door de huisarts voor een dienst in segment A is alleen een signaal
    Gegeven een beschikking voor jeugdhulp_ambulant in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt jeugdhulp_ambulant aan in segment A
    En de verwijzer is huisarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-SEG-02 met uitkomst signaal
    En noemt de toelichting de regel KL-SEG-01 niet

  Scenario: Jeugdhulp via het lokale team voor een dienst in segment A vraagt een motivering
    Gegeven een beschikking voor jeugdhulp_ambulant in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt jeugdhulp_ambulant aan in segment A
    En de verwijzer is lokaal_team
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel KL-SEG-01 met uitkomst motivering_vereist
    En noemt de toelichting de regel KL-SEG-02 niet

  Scenario: Jeugdhulp na verwijzing door de jeugdarts voor een dienst buiten segment A
    Gegeven een beschikking voor jeugd_ggz in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt jeugdhulp_ambulant aan in segment A
    En de verwijzer is jeugdarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-SEG-02 gehouden

  Scenario: Een algemene voorziening in segment A past, zonder eigen bijdrage
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    En het contract is geen
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment A
    En noemt de toelichting de regel KL-SEG-01 niet
    En noemt de toelichting de regel KL-EB-01 met uitkomst signaal
    En noemt de toelichting het principe eigen-bijdrage

  Scenario: Het aanbod van Haarlem geldt niet in Heemstede
    Gegeven een beschikking voor begeleiding_wmo in Heemstede van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment B
    En heeft de regel KL-SEG-01 gehouden

  Scenario: Jeugdhulp in segment A kent geen Wmo-eigen bijdrage
    Gegeven een beschikking voor jeugdhulp_ambulant in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt jeugdhulp_ambulant aan in segment A
    En het contract is geen
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment A
    En noemt de toelichting de regel KL-EB-01 niet
