# language: nl
Functionaliteit: Het regionale kader geldt vanaf de datum van het regionale document
  Een beschikking van vóór de ingangsdatum van het document van de regio (Zuidoost Utrecht
  2027-01-01, Midden-Holland 2025-01-01, Westfriesland 2024-01-01, Gooi en Vechtstreek
  2021-01-01, Kennemerland 2018-01-01) is alleen aan het wettelijk kader getoetst: de uitkomst
  zegt dat met een signaal, in plaats van een kaal "conform". Voor een beschikking van vóór
  2015-01-01 (de Jeugdwet en de Wmo 2015) bestaan geen regels: ongeldige invoer.

  Scenario: Een beschikking van Zeist uit 2026 is alleen aan het wettelijk kader getoetst
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2026-06-01 tot en met 2026-11-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-RK-01 met uitkomst signaal
    En noemt de toelichting het principe regionaal-kader
    En citeert de toelichting ZOU-2027 paragraaf 1.1
    En bevat de toelichting "alleen het wettelijk kader"

  Scenario: Op de ingangsdatum geldt het regionale kader
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-01-01 tot en met 2027-06-30
    Als de beschikking getoetst wordt
    Dan heeft de regel XR-RK-01 gehouden
    En heeft de regel ZOU-SN-01 gehouden

  Scenario: Een beschikking van Gouda uit 2024 citeert de consultatieversie
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2024-06-01 tot en met 2024-11-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel XR-RK-01 met uitkomst signaal
    En citeert de toelichting MH-2025 paragraaf 1
    En vermeldt de bron de status consultatieversie

  Scenario: Het wettelijk kader wordt vóór het regionale document wel getoetst
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2023-03-01 tot en met 2023-08-31
    En de cliënt is geboren op 1999-01-01
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WK-02 met uitkomst niet_conform
    En noemt de toelichting de regel XR-RK-01 met uitkomst signaal

  Scenario: Met de regels van een latere datum geldt het regionale kader wel
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2026-06-01 tot en met 2026-11-30
    Als de beschikking getoetst wordt op 2027-02-01
    Dan heeft de regel XR-RK-01 gehouden

  Scenario: Kennemerland geldt vanaf 2018
    Gegeven een beschikking voor begeleiding_wmo in Heemstede van 2018-01-01 tot en met 2018-06-30
    Als de beschikking getoetst wordt
    Dan heeft de regel XR-RK-01 gehouden

  Scenario: Een beschikking uit 1927 is ongeldige invoer
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 1927-03-01 tot en met 1927-08-31
    Als de beschikking getoetst wordt
    Dan is de beschikking ongeldig
    En noemt de fout het veld decision_date en "geen regels"

  Scenario: Op de laatste dag van 2014 bestaan nog geen regels
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2015-01-01 tot en met 2015-06-30
    En de beschikkingsdatum is 2014-12-31
    Als de beschikking getoetst wordt
    Dan is de beschikking ongeldig
    En noemt de fout het veld decision_date en "vóór 2015-01-01"
