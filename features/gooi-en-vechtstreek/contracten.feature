# language: nl
Functionaliteit: Contracten in Gooi en Vechtstreek (Uitgangspunten inkoop 2021, §4.2)
  Zoveel mogelijk langdurige contracten voor onbepaalde tijd, met opzegtermijnen; de afweging
  wordt per voorziening gemaakt.

  Scenario: Een contract voor onbepaalde tijd met opzegtermijn past
    Gegeven een contract in gooi-en-vechtstreek voor huishoudelijke_hulp vanaf 2021-01-01 voor onbepaalde tijd met 6 maanden opzegtermijn
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-CON-01 gehouden

  Scenario: Een vaste eerste periode geeft een signaal
    Gegeven een contract in gooi-en-vechtstreek voor huishoudelijke_hulp van 2021-01-01 tot en met 2023-12-31
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel GV-CON-01 met uitkomst signaal
    En citeert de toelichting GV-2021 paragraaf 4.2
