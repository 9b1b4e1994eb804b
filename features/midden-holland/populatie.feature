# language: nl
Functionaliteit: Populatie in Midden-Holland (Strategische kaders 2025, §4.2 en §4.3)
  Het aandeel crisisbeschikkingen dat binnen 24 uur start is een cijfer: de norm geldt per
  beschikking. Het aandeel pgb, onderaanneming en maatwerkcontract mag van jaar tot jaar niet
  veel groeien; wat een 'grote toename' is, zegt het document niet (parameter zonder waarde).

  Scenario: Acht van de tien crisisbeschikkingen starten binnen 24 uur
    Gegeven 10 beschikkingen voor crisis_jeugd in Gouda in 2027, waarvan 8 binnen 24 uur gestart
    Als de beschikkingen geteld worden
    Dan meldt de telling het cijfer van regel MH-POP-01 voor gemeente Gouda in 2027
    En is het cijfer van regel MH-POP-01 voor gemeente Gouda in 2027 8 van 10

  Scenario: Ook een crisis bij een andere dienst telt mee
    Gegeven 4 beschikkingen voor jeugdhulp_ambulant in Gouda in 2027, waarvan 1 binnen 24 uur gestart
    En bij deze beschikkingen is het veld crisis true
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel MH-POP-01 voor gemeente Gouda in 2027 1 van 4

  Scenario: Zonder crisisbeschikkingen is er geen cijfer
    Gegeven 10 beschikkingen voor begeleiding_wmo in Gouda in 2027
    Als de beschikkingen geteld worden
    Dan meldt de telling geen cijfer van regel MH-POP-01

  Scenario: Een grote toename van pgb's ten opzichte van vorig jaar
    Gegeven 20 beschikkingen voor begeleiding_wmo in Gouda in 2026, waarvan 2 met een pgb
    En 20 beschikkingen voor begeleiding_wmo in Gouda in 2027, waarvan 6 met een pgb
    En de parameter max_share_growth_nee_tenzij is 0.1
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel MH-POP-02 voor gemeente Gouda in 2027 6 van 20
    En is de groei bij regel MH-POP-02 voor gemeente Gouda in 2027 20 procentpunt
    En geeft regel MH-POP-02 voor gemeente Gouda in 2027 een signaal
    En geeft regel MH-POP-02 voor gemeente Gouda in 2026 geen signaal

  Scenario: Een kleine toename blijft onder de grens
    Gegeven 20 beschikkingen voor begeleiding_wmo in Gouda in 2026, waarvan 2 met onderaanneming
    En 20 beschikkingen voor begeleiding_wmo in Gouda in 2027, waarvan 3 met een maatwerkcontract
    En de parameter max_share_growth_nee_tenzij is 0.1
    Als de beschikkingen geteld worden
    Dan is de groei bij regel MH-POP-02 voor gemeente Gouda in 2027 5 procentpunt
    En geeft regel MH-POP-02 voor gemeente Gouda in 2027 geen signaal

  Scenario: Zonder vastgestelde grens alleen het cijfer
    Gegeven 20 beschikkingen voor begeleiding_wmo in Gouda in 2026, waarvan 2 met een pgb
    En 20 beschikkingen voor begeleiding_wmo in Gouda in 2027, waarvan 12 met een pgb
    Als de beschikkingen geteld worden
    Dan geeft regel MH-POP-02 voor gemeente Gouda in 2027 geen signaal
    En zegt het cijfer van regel MH-POP-02 voor gemeente Gouda in 2027: "de parameter max_share_growth_nee_tenzij heeft geen waarde"
