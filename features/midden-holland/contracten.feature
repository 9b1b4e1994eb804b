# language: nl
Functionaliteit: Contracten in Midden-Holland (Strategische kaders 2025, §2.1)
  Langdurige samenwerking: een minimale contractduur met opties tot verlenging van vijf jaar.

  Scenario: Drie jaar met twee opties van één jaar is samen vijf jaar
    Gegeven een contract in midden-holland voor begeleiding_wmo van 2025-01-01 tot en met 2027-12-31
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-CON-01 gehouden

  Scenario: Twee jaar met één optie is korter dan vijf jaar
    Gegeven een contract in midden-holland voor begeleiding_wmo van 2025-01-01 tot en met 2026-12-31
    En de verlengingsopties zijn 1
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-CON-01 met uitkomst signaal
    En bevat de toelichting "duurt het contract 36 maanden"
    En citeert de toelichting MH-2025 paragraaf 2.1

  Scenario: Een contract voor onbepaalde tijd is een langdurige samenwerking
    Gegeven een contract in midden-holland voor begeleiding_wmo vanaf 2025-01-01 voor onbepaalde tijd met 12 maanden opzegtermijn
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel MH-CON-01 niet
