# language: nl
Functionaliteit: Populatie in Zuidoost Utrecht: groepsaanbod dekt 80% (Inkoopkoers 2027, §5.3)
  De regio verwacht met groepsaanbod 80% van de specialistische ambulante jeugdhulp te dekken.
  De audit telt per regio, gemeente, aanbieder en jaar het aandeel groepsaanbod onder de
  beschikkingen jeugdhulp_ambulant en begeleiding_jeugd (Jeugdwet); onder 0,8 een signaal.

  Scenario: Zeven van de tien in groep is onder de verwachting
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2027, waarvan 7 in groep
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel ZOU-POP-01 voor gemeente Zeist in 2027 7 van 10
    En geeft regel ZOU-POP-01 voor gemeente Zeist in 2027 een signaal
    En geeft regel ZOU-POP-01 voor regio zuidoost-utrecht in 2027 een signaal
    En geeft regel ZOU-POP-01 voor aanbieder 12345678 in 2027 een signaal
    En zegt het cijfer van regel ZOU-POP-01 voor gemeente Zeist in 2027: "7 van de 10 beschikkingen"

  Scenario: Acht van de tien in groep haalt de verwachting
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2027, waarvan 8 in groep
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel ZOU-POP-01 voor gemeente Zeist in 2027 8 van 10
    En geeft regel ZOU-POP-01 voor gemeente Zeist in 2027 geen signaal

  Scenario: Per gemeente en voor de regio samen
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2027, waarvan 9 in groep
    En 10 beschikkingen voor begeleiding_jeugd in Bunnik in 2027, waarvan 6 in groep
    Als de beschikkingen geteld worden
    Dan geeft regel ZOU-POP-01 voor gemeente Zeist in 2027 geen signaal
    En geeft regel ZOU-POP-01 voor gemeente Bunnik in 2027 een signaal
    En is het cijfer van regel ZOU-POP-01 voor regio zuidoost-utrecht in 2027 15 van 20
    En geeft regel ZOU-POP-01 voor regio zuidoost-utrecht in 2027 een signaal

  Scenario: Wmo-begeleiding en jeugd-ggz tellen niet mee
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2027, waarvan 8 in groep
    En 10 beschikkingen voor begeleiding_wmo in Zeist in 2027, waarvan 0 in groep
    En 5 beschikkingen voor jeugd_ggz in Zeist in 2027, waarvan 0 in groep
    Als de beschikkingen geteld worden
    Dan is het cijfer van regel ZOU-POP-01 voor gemeente Zeist in 2027 8 van 10

  Scenario: Elk jaar van de startdatum apart
    Gegeven 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2027, waarvan 9 in groep
    En 10 beschikkingen voor jeugdhulp_ambulant in Zeist in 2028, waarvan 5 in groep
    Als de beschikkingen geteld worden
    Dan geeft regel ZOU-POP-01 voor gemeente Zeist in 2027 geen signaal
    En geeft regel ZOU-POP-01 voor gemeente Zeist in 2028 een signaal
