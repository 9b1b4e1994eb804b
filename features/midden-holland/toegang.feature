# language: nl
Functionaliteit: Toegang in Midden-Holland (Strategische kaders inkoop 2025, §3.3, §3.4 en §4.3)
  Beschermd wonen en maatschappelijke opvang lopen via de centrale toegang. Maatwerk is er
  niet voor lichte zorg waar een vrij toegankelijke voorziening een alternatief is (signaal).

  Scenario: Beschermd wonen via de centrale toegang past
    Gegeven een beschikking voor beschermd_wonen in Gouda van 2027-03-01 tot en met 2028-02-29
    En de verwijzer is centrale_toegang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 7
    En heeft de regel MH-CT-01 gehouden

  Scenario: Beschermd wonen via het lokale team is niet conform
    Gegeven een beschikking voor beschermd_wonen in Gouda van 2027-03-01 tot en met 2028-02-29
    En de verwijzer is lokaal_team
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-CT-01 met uitkomst niet_conform
    En noemt de toelichting het principe centrale-toegang
    En citeert de toelichting MH-2025 paragraaf 3.4

  Scenario: Beschermd wonen zonder vastgelegde verwijzer is niet conform
    Gegeven een beschikking voor beschermd_wonen in Gouda van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-CT-01 met uitkomst niet_conform

  Scenario: Maatschappelijke opvang via de huisarts is niet conform
    Gegeven een beschikking voor maatschappelijke_opvang in Waddinxveen van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is huisarts
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-CT-01 met uitkomst niet_conform

  Scenario: Begeleiding hoeft niet via de centrale toegang
    Gegeven een beschikking voor begeleiding_wmo in Waddinxveen van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is lokaal_team
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-CT-01 niet

  Scenario: Zolang de gemeente geen lichte zorg heeft vastgelegd, is er geen signaal
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-LZ-01 gehouden

  Scenario: Maatwerk voor lichte zorg geeft een signaal
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En de parameter light_care_services is [begeleiding_wmo]
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-LZ-01 met uitkomst signaal
    En noemt de toelichting het principe lichte-zorg-voorliggend
    En citeert de toelichting MH-2025 paragraaf 3.3

  Scenario: Zorg die niet als licht geldt, geeft geen signaal
    Gegeven een beschikking voor huishoudelijke_hulp in Gouda van 2027-03-01 tot en met 2027-08-31
    En de parameter light_care_services is [begeleiding_wmo]
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-LZ-01 gehouden

  Scenario: Een vrij toegankelijke voorziening voor lichte zorg geeft geen signaal
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En de parameter light_care_services is [begeleiding_wmo]
    En het contract is geen
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-LZ-01 niet
