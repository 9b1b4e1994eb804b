# language: nl
Functionaliteit: Contracten in Zuidoost Utrecht (Inkoopkoers 2027, §5, §5.6 en §9)
  Overeenkomsten voor vier jaar met twee keer een jaar verlenging; winstbeperking voor hoofd- en
  onderaannemers; het UBO-register; een budget per aanbieder met een signaal bij ruim overschrijden.

  Scenario: Vier jaar met twee keer een jaar verlenging past
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-CON-01 gehouden
    En heeft de regel ZOU-CON-02 gehouden
    En heeft de regel ZOU-CON-03 gehouden
    En heeft de regel ZOU-CON-04 gehouden

  Scenario: Drie jaar met één optie vraagt een motivering
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2029-12-31
    En de verlengingsopties zijn 1
    Als het contract getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-CON-01 met uitkomst motivering_vereist
    En citeert de toelichting ZOU-2027 paragraaf 5

  Scenario: Een contract voor onbepaalde tijd heeft niet de structuur van vier plus twee jaar
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant vanaf 2027-01-01 voor onbepaalde tijd met 6 maanden opzegtermijn
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel ZOU-CON-01 met uitkomst motivering_vereist
    En bevat de toelichting "voor onbepaalde tijd"

  Scenario: Een afwijkende looptijd als maatwerk vastgelegd
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2029-12-31
    En er is een afwijking vastgelegd voor contractduur met motivering "Pilot voor drie jaar, besloten door het regionaal bestuur"
    Als het contract getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-CON-01 met uitkomst conform_met_uitzondering

  Scenario: Een contract dat voor 2027 ingaat valt nog niet onder de inkoopkoers
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2026-01-01 tot en met 2026-12-31
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-CON-01 niet

  Scenario: Zonder winstbeperking is het contract niet conform
    Gegeven een contract in zuidoost-utrecht voor begeleiding_jeugd van 2027-01-01 tot en met 2030-12-31
    En het contractveld profit_cap is nee
    Als het contract getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel ZOU-CON-02 met uitkomst niet_conform
    En citeert de toelichting ZOU-2027 paragraaf 9

  Scenario: Winstbeperking niet vastgelegd geeft een signaal
    Gegeven een contract in zuidoost-utrecht voor begeleiding_jeugd van 2027-01-01 tot en met 2030-12-31
    En het contractveld profit_cap ontbreekt
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-CON-03 met uitkomst signaal
    En heeft de regel ZOU-CON-02 gehouden

  Scenario: Een afwijking telt niet voor de winstbeperking
    Gegeven een contract in zuidoost-utrecht voor begeleiding_jeugd van 2027-01-01 tot en met 2030-12-31
    En het contractveld profit_cap is false
    En er is een afwijking vastgelegd voor winstbeperking met motivering "Stichting zonder winstoogmerk"
    Als het contract getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel ZOU-CON-02 met uitkomst niet_conform

  Scenario: UBO-register niet geraadpleegd geeft een signaal
    Gegeven een contract in zuidoost-utrecht voor begeleiding_jeugd van 2027-01-01 tot en met 2030-12-31
    En het contractveld ubo_checked is false
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-CON-04 met uitkomst signaal

  Scenario: UBO-register niet vastgelegd geeft ook een signaal
    Gegeven een contract in zuidoost-utrecht voor begeleiding_jeugd van 2027-01-01 tot en met 2030-12-31
    En het contractveld ubo_checked ontbreekt
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel ZOU-CON-04 met uitkomst signaal

  Scenario: Ruim over het halfjaarbudget in het eerste halfjaar geeft een signaal
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    En de aanbieder declareerde 650000 euro op een budget van 500000 euro in 2027-H1
    En de parameter budget_overrun_threshold is 0.2
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-CON-05 met uitkomst signaal
    En bevat de toelichting "30,0% boven het budget"

  Scenario: Binnen de marge over het budget geeft geen signaal
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    En de aanbieder declareerde 550000 euro op een budget van 500000 euro in 2027-H1
    En de parameter budget_overrun_threshold is 0.2
    Als het contract getoetst wordt
    Dan heeft de regel ZOU-CON-05 gehouden

  Scenario: Zonder vastgestelde marge wordt het budget niet beoordeeld
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    En de aanbieder declareerde 900000 euro op een budget van 500000 euro in 2027-H1
    Als het contract getoetst wordt
    Dan is de regel ZOU-CON-05 niet beoordeeld
    En noemt de toelichting de regel ZOU-CON-05 niet

  Scenario: Het tweede halfjaar valt buiten het budgetsignaal van §5.6
    Gegeven een contract in zuidoost-utrecht voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    En de aanbieder declareerde 900000 euro op een budget van 500000 euro in 2027-H2
    En de parameter budget_overrun_threshold is 0.2
    Als het contract getoetst wordt
    Dan is de regel ZOU-CON-05 niet van toepassing

  Scenario: Een onbekende regio maakt het contract ongeldig
    Gegeven een contract in zuidoost-utrech voor jeugdhulp_ambulant van 2027-01-01 tot en met 2030-12-31
    Als het contract getoetst wordt
    Dan is het contract ongeldig met een fout in region
