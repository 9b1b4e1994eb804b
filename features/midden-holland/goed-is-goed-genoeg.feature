# language: nl
Functionaliteit: Goed is goed genoeg in Midden-Holland (Strategische kaders inkoop 2025, §3.4 en §5.1 segment 5)
  Begeleiding werkt met doelen die worden gevolgd en geëvalueerd. Of de beschikking zelf doelen
  noemt, verschilt per gemeente ("inhoud van de beschikking (met/zonder doelen)"): begeleiding
  zonder doelen geeft een signaal, geen afwijzing.

  Scenario: Begeleiding met een doel past
    Gegeven een beschikking voor begeleiding_wmo in Bodegraven-Reeuwijk van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-GIGG-01 gehouden

  Scenario: Wmo-begeleiding zonder doelen geeft een signaal
    Gegeven een beschikking voor begeleiding_wmo in Bodegraven-Reeuwijk van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-GIGG-01 met uitkomst signaal
    En noemt de toelichting het principe goed-is-goed-genoeg
    En citeert de toelichting MH-2025 paragraaf 3.4

  Scenario: Begeleiding voor een jeugdige met een lege lijst doelen geeft een signaal
    Gegeven een beschikking voor begeleiding_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    En het veld goals is []
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-GIGG-01 met uitkomst signaal

  Scenario: Huishoudelijke hulp zonder doelen valt niet onder deze regel
    Gegeven een beschikking voor huishoudelijke_hulp in Gouda van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-GIGG-01 niet
