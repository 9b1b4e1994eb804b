# language: nl
Functionaliteit: Woonplaatsbeginsel in alle regio's (MH-2025 §2.3, ZOU-2027 §1.5, Jeugdwet art. 1.1, Wmo 2015 art. 1.2.1)
  Elke gemeente betaalt voor haar eigen inwoners, zonder solidariteit: de betalende gemeente
  is de woonplaats van de cliënt (bij jeugd: de woonplaats volgens de Jeugdwet).
  Niet voor beschermd wonen en maatschappelijke opvang: die zijn landelijk toegankelijk, de
  woonplaats wordt niet getoetst (wel een signaal als de cliënt buiten de regio woont). Waar het
  regionale document een centrumgemeente noemt (Gouda, Hoorn, Haarlem), besluit die over opvang,
  en over beschermd wonen de centrumgemeente of de woonplaats; een andere gemeente is niet conform.

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

  Scenario: Beschermd wonen door Gouda voor een inwoner van Waddinxveen past
    Gegeven een beschikking voor beschermd_wonen in Gouda van 2027-03-01 tot en met 2028-02-29
    En de cliënt woont in Waddinxveen
    En de verwijzer is centrale_toegang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WPB-01 niet
    En heeft de regel XR-WPB-02 gehouden
    En heeft de regel XR-WPB-04 gehouden

  Scenario: Maatschappelijke opvang door Gouda voor een inwoner van Waddinxveen past
    Gegeven een beschikking voor maatschappelijke_opvang in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Waddinxveen
    En de verwijzer is centrale_toegang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WPB-03 gehouden

  Scenario: Beschermd wonen door de eigen woonplaats past ook
    Gegeven een beschikking voor beschermd_wonen in Waddinxveen van 2027-03-01 tot en met 2028-02-29
    En de verwijzer is centrale_toegang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel XR-WPB-04 gehouden

  Scenario: Beschermd wonen door een andere gemeente dan de centrumgemeente of de woonplaats
    Gegeven een beschikking voor beschermd_wonen in Zuidplas van 2027-03-01 tot en met 2028-02-29
    En de cliënt woont in Waddinxveen
    En de verwijzer is centrale_toegang
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-04 met uitkomst niet_conform
    En bevat de toelichting "centrumgemeente Gouda"
    En noemt de toelichting de regel XR-WPB-01 niet

  Scenario: Maatschappelijke opvang door een andere gemeente dan de centrumgemeente
    Gegeven een beschikking voor maatschappelijke_opvang in Medemblik van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-03 met uitkomst niet_conform
    En bevat de toelichting "centrumgemeente Hoorn"

  Scenario: Maatschappelijke opvang door Haarlem voor iemand uit Amsterdam: signaal
    Gegeven een beschikking voor maatschappelijke_opvang in Haarlem van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Amsterdam
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WPB-02 met uitkomst signaal
    En heeft de regel XR-WPB-03 gehouden
    En noemt de toelichting de regel XR-WPB-01 niet

  Scenario: Beschermd wonen door Hoorn voor een inwoner van Zeist: signaal
    Gegeven een beschikking voor beschermd_wonen in Hoorn van 2027-03-01 tot en met 2028-02-29
    En de cliënt woont in Zeist
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WPB-02 met uitkomst signaal
    En citeert de toelichting Wmo-2015 paragraaf art. 1.2.1

  Scenario: Zonder centrumgemeente in de regio toetst de regel de gemeente niet
    Gegeven een beschikking voor maatschappelijke_opvang in Bunnik van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in Zeist
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WPB-03 niet
    En noemt de toelichting de regel XR-WPB-01 niet
    En heeft de regel XR-WPB-02 gehouden

  Scenario: In Gooi en Vechtstreek noemt het document geen centrumgemeente
    Gegeven een beschikking voor beschermd_wonen in Huizen van 2027-03-01 tot en met 2028-02-29
    En de cliënt woont in Hilversum
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-WPB-04 niet
