# language: nl
Functionaliteit: Woonplaatsbeginsel in alle regio's (MH-2025 §2.3, ZOU-2027 §1.5, Jeugdwet art. 1.1)
  Elke gemeente betaalt voor haar eigen inwoners, zonder solidariteit: de betalende gemeente
  is de woonplaats van de cliënt (bij jeugd: de woonplaats volgens de Jeugdwet).

  Scenario: De gemeente betaalt voor een eigen inwoner
    Gegeven een beschikking voor begeleiding_wmo in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Hoorn
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WPB-01 gehouden

  Scenario: Een buurgemeente in dezelfde regio betaalt niet
    Gegeven een beschikking voor begeleiding_wmo in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Medemblik
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform
    En noemt de toelichting het principe woonplaatsbeginsel
    En citeert de toelichting MH-2025 paragraaf 2.3

  Scenario: Ook binnen Zuidoost Utrecht geen solidariteit tussen gemeenten
    Gegeven een beschikking voor jeugd_ggz in Zeist van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Bunnik
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform

  Scenario: Jeugdhulp voor een jeugdige die in een andere regio woont
    Gegeven een beschikking voor jeugd_ggz in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Zeist
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform

  Scenario: Een woonplaats buiten de vijf regio's
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Amsterdam
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform

  Scenario: De woonplaats als CBS-code is dezelfde gemeente
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in 0392
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WPB-01 gehouden
