# language: nl
Functionaliteit: Populatie in Westfriesland: zorg binnen drie maanden bij een maatregel (2024, §3)
  De regio staat onder toezicht van het ministerie omdat het nog niet lukt om binnen drie maanden
  passende zorg in te zetten voor jeugdigen met een kinderbeschermingsmaatregel. De audit meldt
  het aandeel Jeugdwet-beschikkingen bij ots of voogdij dat binnen drie maanden na de aanvraag
  start, als cijfer: het document noemt geen drempel.

  Scenario: Zes van de tien starten binnen drie maanden
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Hoorn in 2027 met jeugdbeschermingsstatus ots, waarvan 6 binnen drie maanden gestart
    Als de beschikkingen geteld worden
    Dan meldt de telling het cijfer van regel WF-POP-01 voor gemeente Hoorn in 2027
    En is het cijfer van regel WF-POP-01 voor gemeente Hoorn in 2027 6 van 10
    En is het cijfer van regel WF-POP-01 voor regio westfriesland in 2027 6 van 10

  Scenario: Ots en voogdij samen, per gemeente
    Gegeven 4 beschikkingen voor jeugdhulp_verblijf in Hoorn in 2027 met jeugdbeschermingsstatus voogdij, waarvan 4 binnen drie maanden gestart
    En 6 beschikkingen voor pleegzorg in Enkhuizen in 2027 met jeugdbeschermingsstatus ots, waarvan 3 binnen drie maanden gestart
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel WF-POP-01 voor gemeente Hoorn in 2027 4 van 4
    En is het cijfer van regel WF-POP-01 voor gemeente Enkhuizen in 2027 3 van 6
    En is het cijfer van regel WF-POP-01 voor regio westfriesland in 2027 7 van 10

  Scenario: Jeugdreclassering is geen kinderbeschermingsmaatregel en telt niet mee
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Hoorn in 2027 met jeugdbeschermingsstatus jeugdreclassering, waarvan 2 binnen drie maanden gestart
    En 5 beschikkingen voor begeleiding_wmo in Hoorn in 2027
    Als de beschikkingen geteld worden
    Dan meldt de telling geen cijfer van regel WF-POP-01
