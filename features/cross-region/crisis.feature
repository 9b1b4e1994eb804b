# language: nl
Functionaliteit: Crisis gaat voor in alle regio's (MH-2025 §4.3)
  Bij een crisis (levensbedreigend of direct gevaar, of de crisisdienst jeugd) krijgt de hulp
  prioriteit crisis: de hulp start binnen 24 uur, uiterlijk de dag na de aanvraag.

  Scenario: Crisis krijgt voorrang met start uiterlijk de dag na de aanvraag
    Gegeven een beschikking voor jeugd_ggz in Hilversum van 2027-03-02 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-03-01
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is de prioriteit crisis met uiterlijke start 2027-03-02
    En bepaalt de regel XR-CRISIS-01 de prioriteit

  Scenario: De crisisdienst jeugd is altijd crisis
    Gegeven een beschikking voor crisis_jeugd in Hoorn van 2027-03-01 tot en met 2027-04-30
    En de aanvraag is gedaan op 2027-02-28
    Als de beschikking getoetst wordt
    Dan is de prioriteit crisis met uiterlijke start 2027-03-01
    En bepaalt de regel XR-CRISIS-01 de prioriteit

  Scenario: Ook Wmo-ondersteuning kan crisis zijn
    Gegeven een beschikking voor begeleiding_wmo in Haarlem van 2027-06-01 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-05-31
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is de prioriteit crisis met uiterlijke start 2027-06-01
    En bepaalt de regel XR-CRISIS-01 de prioriteit

  Scenario: Zonder crisis geen crisisprioriteit
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is de prioriteit regulier
    En bepaalt de regel XR-CRISIS-01 de prioriteit niet

  Scenario: Crisis gaat boven de voorrang bij een maatregel
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-03-02 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-03-01
    En de jeugdbeschermingsstatus is ots
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is de prioriteit crisis met uiterlijke start 2027-03-02
    En bepaalt de regel XR-CRISIS-01 de prioriteit
    En bepaalt de regel WF-VRG-01 de prioriteit niet

  Scenario: De uiterlijke start volgt uit de aanvraag, niet uit de geplande start
    Gegeven een beschikking voor jeugd_ggz in Hilversum van 2027-03-05 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-03-01
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is de prioriteit crisis met uiterlijke start 2027-03-02

  Scenario: Crisishulp in Midden-Holland die de dag na de aanvraag start
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-03-02 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-03-01
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is de prioriteit crisis met uiterlijke start 2027-03-02
    En heeft de regel MH-CRISIS-01 gehouden

  Scenario: Crisishulp in Midden-Holland die twee dagen na de aanvraag start is te laat
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-03-03 tot en met 2027-08-31
    En de aanvraag is gedaan op 2027-03-01
    En het is een crisis
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En is de prioriteit crisis met uiterlijke start 2027-03-02
    En noemt de toelichting de regel MH-CRISIS-01 met uitkomst niet_conform
    En stelt de toelichting als startdatum uiterlijk 2027-03-02 voor
