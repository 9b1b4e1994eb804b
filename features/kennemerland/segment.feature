# language: nl
Functionaliteit: Segmenten in Kennemerland (Regionale verwervingsstrategie sociaal domein 2018, §6)
  Segment A is de vrij toegankelijke basisinfrastructuur: zonder indicatie en zonder Wmo-eigen
  bijdrage. Welke diensten in segment A vallen, bepaalt elke gemeente zelf.

  Scenario: Zonder aanbod in segment A valt begeleiding in segment B
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment B
    En heeft de regel KL-SEG-01 gehouden
    En heeft de regel KL-EB-01 gehouden

  Scenario: Maatwerk voor een dienst die de gemeente in segment A aanbiedt, is niet conform
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de gemeente Haarlem biedt begeleiding_wmo aan in segment A
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En is het segment A
    En noemt de toelichting de regel KL-SEG-01 met uitkomst niet_conform
    En noemt de toelichting het principe segment
    En citeert de toelichting KL-2018 paragraaf 6

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
