# language: nl
Functionaliteit: Goed is goed genoeg in Midden-Holland (Strategische kaders inkoop 2025, §3.2 en §5.1 segment 5)
  Begeleiding werkt met doelen die worden gevolgd en geëvalueerd. Begeleiding zonder doelen
  is niet conform.

  Scenario: Begeleiding met een doel past
    Gegeven een beschikking voor begeleiding_wmo in Bodegraven-Reeuwijk van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-GIGG-01 gehouden

  Scenario: Wmo-begeleiding zonder doelen is niet conform
    Gegeven een beschikking voor begeleiding_wmo in Bodegraven-Reeuwijk van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-GIGG-01 met uitkomst niet_conform
    En noemt de toelichting het principe goed-is-goed-genoeg
    En citeert de toelichting MH-2025 paragraaf 5.1

  Scenario: Begeleiding voor een jeugdige zonder doelen is niet conform
    Gegeven een beschikking voor begeleiding_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-GIGG-01 met uitkomst niet_conform

  Scenario: Huishoudelijke hulp zonder doelen valt niet onder deze regel
    Gegeven een beschikking voor huishoudelijke_hulp in Gouda van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-GIGG-01 niet
