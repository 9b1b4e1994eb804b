# language: nl
Functionaliteit: Crisishulp in Midden-Holland (Strategische kaders inkoop 2025, §4.3 en §5.1 segment 2)
  Crisishulp krijgt voorrang en start binnen 24 uur na de aanvraag. Start de hulp later,
  dan is de beschikking niet conform.

  Scenario: Crisishulp die de dag na de aanvraag start, past
    Gegeven een beschikking voor crisis_jeugd in Gouda van 2027-03-02 tot en met 2027-04-30
    En de aanvraag is gedaan op 2027-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 2
    En heeft de regel MH-CRISIS-01 gehouden
    En is de prioriteit crisis met uiterlijke start 2027-03-02
    En bepaalt de regel XR-CRISIS-01 de prioriteit

  Scenario: Crisishulp op de dag van de aanvraag past
    Gegeven een beschikking voor crisis_jeugd in Gouda van 2027-03-01 tot en met 2027-04-30
    En de aanvraag is gedaan op 2027-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-CRISIS-01 gehouden

  Scenario: Crisishulp die twee dagen na de aanvraag start, is te laat
    Gegeven een beschikking voor crisis_jeugd in Gouda van 2027-03-03 tot en met 2027-04-30
    En de aanvraag is gedaan op 2027-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-CRISIS-01 met uitkomst niet_conform
    En noemt de toelichting het principe crisis
    En citeert de toelichting MH-2025 paragraaf 5.1
    En stelt de toelichting als startdatum uiterlijk 2027-03-02 voor
    En is de prioriteit crisis met uiterlijke start 2027-03-02

  Scenario: Ook begeleiding in een crisis start binnen 24 uur
    Gegeven een beschikking voor begeleiding_wmo in Krimpenerwaard van 2027-03-05 tot en met 2027-06-30
    En het is een crisis
    En de aanvraag is gedaan op 2027-03-01
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En is het segment 5
    En noemt de toelichting de regel MH-CRISIS-01 met uitkomst niet_conform
    En is de prioriteit crisis met uiterlijke start 2027-03-02

  Scenario: Zonder crisis geldt de 24-uursnorm niet
    Gegeven een beschikking voor begeleiding_wmo in Krimpenerwaard van 2027-03-15 tot en met 2027-06-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-CRISIS-01 niet
    En is de prioriteit regulier
    En bepaalt de regel XR-CRISIS-01 de prioriteit niet
