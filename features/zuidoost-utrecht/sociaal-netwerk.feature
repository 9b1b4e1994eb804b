# language: nl
Functionaliteit: Sociaal netwerk betrekken in Zuidoost Utrecht (Inkoopkoers 2027, §3.1 en §4.1)
  Bij de start van individuele hulp doet iemand uit het sociale netwerk mee, of investeert het
  lokale team in het opbouwen van een netwerk. Is geen van beide vastgelegd, dan volgt een signaal.

  Scenario: Het sociale netwerk doet mee
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het sociale netwerk is betrokken
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-SN-01 gehouden

  Scenario: Geen netwerk en geen investering geeft een signaal
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het sociale netwerk is niet betrokken
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-SN-01 met uitkomst signaal
    En noemt de toelichting het principe sociaal-netwerk
    En citeert de toelichting ZOU-2027 paragraaf 3.1

  Scenario: Niets vastgelegd over het netwerk geeft ook een signaal
    Gegeven een beschikking voor jeugd_ggz in Utrechtse Heuvelrug van 2027-03-01 tot en met 2027-08-31
    En het veld client.social_network_involved is null
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-SN-01 met uitkomst signaal

  Scenario: Het lokale team investeert in een netwerk
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het sociale netwerk is niet betrokken
    En het lokale team investeert in het netwerk
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-SN-01 gehouden

  Scenario: Bij groepsaanbod is geen netwerk vereist
    Gegeven een beschikking voor jeugdhulp_ambulant in Zeist van 2027-03-01 tot en met 2027-08-31
    En de vorm is groep
    En het sociale netwerk is niet betrokken
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-SN-01 niet

  Scenario: Bij een hulpmiddel is geen netwerk vereist
    Gegeven een beschikking voor hulpmiddelen in Zeist van 2027-03-01 tot en met 2027-08-31
    En het sociale netwerk is niet betrokken
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-SN-01 niet
