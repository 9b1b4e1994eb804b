# language: nl
Functionaliteit: Segmenten in Midden-Holland (Strategische kaders inkoop 2025, §5 en §5.1)
  Er zijn negen segmenten, elk met een eigen wet. De uitkomst noemt het segment; een
  beschikking onder een wet die het segment niet bedient, is niet conform.

  Scenario: Wmo-begeleiding valt in segment 5
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 5
    En heeft de regel MH-SEG-01 gehouden

  Scenario: Begeleiding onder de Jeugdwet valt ook in segment 5
    Gegeven een beschikking voor begeleiding_jeugd in Waddinxveen van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 5
    En heeft de regel MH-SEG-01 gehouden

  Scenario: Jeugd-ggz onder de Wmo past niet bij segment 4
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-03-01 tot en met 2027-08-31
    En de wet is wmo
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En is het segment 4
    En noemt de toelichting de regel MH-SEG-01 met uitkomst niet_conform
    En noemt de toelichting het principe segment
    En citeert de toelichting MH-2025 paragraaf 5.1

  Scenario: Huishoudelijke hulp onder de Jeugdwet past niet bij segment 8
    Gegeven een beschikking voor huishoudelijke_hulp in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En de wet is jeugdwet
    En de cliënt is geboren op 2015-01-01
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En is het segment 8
    En noemt de toelichting de regel MH-SEG-01 met uitkomst niet_conform

  Scenario: Een dienst zonder segment krijgt geen segmentbevinding
    Gegeven een beschikking voor clientondersteuning in Gouda van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-SEG-01 niet

  Scenario: Vóór 2025 gold de segmentindeling nog niet
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2024-12-01 tot en met 2025-05-31
    En de wet is wmo
    Als de beschikking getoetst wordt op 2024-12-31
    Dan noemt de toelichting de regel MH-SEG-01 niet
