# language: nl
Functionaliteit: WAT en HOEVEEL in Gooi en Vechtstreek (Uitgangspunten inkoop sociaal domein 2021, §4.2.1)
  Elke beschikking noemt wat er bereikt moet worden (doelen) en hoeveel hulp er is (omvang);
  het HOE en WANNEER bepalen cliënt en aanbieder samen.

  Scenario: Een beschikking met doelen en omvang past
    Gegeven een beschikking voor begeleiding_wmo in Hilversum van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-WH-01 gehouden
    En heeft de regel GV-WH-02 gehouden

  Scenario: Zonder doelen is de beschikking niet conform
    Gegeven een beschikking voor begeleiding_wmo in Hilversum van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel GV-WH-01 met uitkomst niet_conform
    En noemt de toelichting het principe wat-en-hoeveel
    En citeert de toelichting GV-2021 paragraaf 4.2.1
    En heeft de regel GV-WH-02 gehouden

  Scenario: Zonder omvang is de beschikking niet conform
    Gegeven een beschikking voor jeugdhulp_ambulant in Huizen van 2027-03-01 tot en met 2027-08-31
    En er is geen omvang vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel GV-WH-02 met uitkomst niet_conform
    En heeft de regel GV-WH-01 gehouden

  Scenario: Een algemene voorziening hoeft geen WAT en HOEVEEL te noemen
    Gegeven een beschikking voor begeleiding_wmo in Laren van 2027-03-01 tot en met 2027-08-31
    En het contract is geen
    En er zijn geen doelen vastgelegd
    En er is geen omvang vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel GV-WH-01 niet
    En noemt de toelichting de regel GV-WH-02 niet

  Scenario: Een uitzondering maakt een beschikking zonder doelen niet conform
    Gegeven een beschikking voor begeleiding_wmo in Hilversum van 2027-03-01 tot en met 2027-08-31
    En er zijn geen doelen vastgelegd
    En er is een uitzondering vastgelegd voor wat-en-hoeveel met grond uitzonderlijke_situatie en motivering "Doelen volgen later."
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel GV-WH-01 met uitkomst niet_conform
