# language: nl
Functionaliteit: Wat Westfriesland zelf inkoopt en wat elders (WF-2024 §3, Inhoudelijke scope)
  Begeleiding, huishoudelijke ondersteuning, dagbesteding, cliëntondersteuning en jeugdhulp koopt de regio in;
  beschermd wonen en opvang koopt Hoorn in, Jeugdzorg Plus en crisisdienst bovenregionaal, hulpmiddelen en vervoer vallen erbuiten.

  Scenario: Wmo-begeleiding valt onder de regionale inkoop
    Gegeven een beschikking voor begeleiding_wmo in Medemblik van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment regionaal
    En heeft de regel WF-SEG-01 gehouden

  Scenario: Ernstige dyslexie valt onder de regionale inkoop
    Gegeven een beschikking voor dyslexiezorg in Hoorn van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het segment regionaal
    En heeft de regel WF-SEG-01 gehouden

  Scenario: Beschermd wonen koopt de gemeente Hoorn in voor de regio
    Gegeven een beschikking voor beschermd_wonen in Medemblik van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment hoorn
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal
    En noemt de toelichting het principe segment
    En citeert de toelichting WF-2024 paragraaf 3

  Scenario: Maatschappelijke opvang koopt de gemeente Hoorn in voor de regio
    Gegeven een beschikking voor maatschappelijke_opvang in Enkhuizen van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het segment hoorn
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal

  Scenario: Jeugdzorg Plus wordt bovenregionaal ingekocht
    Gegeven een beschikking voor jeugdzorg_plus in Stede Broec van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment bovenregionaal
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal

  Scenario: Hulpmiddelen vallen buiten deze inkoop
    Gegeven een beschikking voor hulpmiddelen in Opmeer van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment buiten-inkoop
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal

  Scenario: Doelgroepenvervoer valt buiten deze inkoop
    Gegeven een beschikking voor vervoer_wmo in Koggenland van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het segment buiten-inkoop
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal

  Scenario: Een traplift (woningaanpassing) valt buiten deze inkoop
    Gegeven een beschikking voor woningaanpassing in Drechterland van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het segment buiten-inkoop
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal

  Scenario: De Integrale Crisisdienst Jeugd wordt bovenregionaal ingekocht
    Gegeven een beschikking voor crisis_jeugd in Hoorn van 2027-03-01 tot en met 2027-03-31
    Als de beschikking getoetst wordt
    Dan is het segment bovenregionaal
    En noemt de toelichting de regel WF-SEG-01 met uitkomst signaal
