# language: nl
Functionaliteit: Contracten in Kennemerland (Verwervingsstrategie 2018, §7)
  Kennemerland kiest voor een contractperiode van drie jaar met twee opties van één jaar (beschermd
  wonen en opvang: twee jaar met verlengingsmogelijkheden), een SROI-verplichting van 5% boven
  € 200.000, HKZ-certificering, minimumtarieven en duidelijke ontbindende voorwaarden.

  Scenario: Drie jaar met twee opties van één jaar past
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-CON-01 gehouden
    En heeft de regel KL-CON-04 gehouden

  Scenario: Vier jaar zonder opties vraagt een motivering
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2022-12-31
    En er zijn geen verlengingsopties
    Als het contract getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel KL-CON-01 met uitkomst motivering_vereist
    En citeert de toelichting KL-2018 paragraaf 7
    En bevat de toelichting "De eerste contractperiode is 48 maanden"

  Scenario: Een vastgelegde afwijking met motivering telt als maatwerk
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2022-12-31
    En er is een afwijking vastgelegd voor contractduur met motivering "Aansluiten bij de looptijd van de raamovereenkomst"
    Als het contract getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel KL-CON-01 met uitkomst conform_met_uitzondering

  Scenario: Een afwijking zonder motivering telt niet
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2022-12-31
    En er is een afwijking vastgelegd voor contractduur zonder motivering
    Als het contract getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel KL-CON-01 met uitkomst motivering_vereist

  Scenario: Beschermd wonen twee jaar met een verlengingsoptie past
    Gegeven een contract in kennemerland voor beschermd_wonen, maatschappelijke_opvang van 2019-01-01 tot en met 2020-12-31
    En de verlengingsopties zijn 2
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-CON-02 gehouden
    En is de regel KL-CON-01 niet van toepassing

  Scenario: Beschermd wonen drie jaar zonder verlenging vraagt een motivering
    Gegeven een contract in kennemerland voor beschermd_wonen van 2019-01-01 tot en met 2021-12-31
    En er zijn geen verlengingsopties
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel KL-CON-02 met uitkomst motivering_vereist
    En is de regel KL-CON-01 niet van toepassing

  Scenario: Boven € 200.000 met 5% SROI past
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En de contractwaarde is 250000 euro
    En de SROI-verplichting is 5 procent
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-CON-03 gehouden

  Scenario: Boven € 200.000 zonder SROI vraagt een motivering
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En de contractwaarde is 250000 euro
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel KL-CON-03 met uitkomst motivering_vereist

  Scenario: Een lager percentage op basis van redelijkheid en billijkheid, vastgelegd als maatwerk
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En de contractwaarde is 250000 euro
    En de SROI-verplichting is 2 procent
    En er is een afwijking vastgelegd voor sroi met motivering "Kleine aanbieder; invulling via een leerwerkplek"
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel KL-CON-03 met uitkomst conform_met_uitzondering

  Scenario: Precies € 200.000 valt niet onder de SROI-verplichting
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En de contractwaarde is 200000 euro
    Als het contract getoetst wordt
    Dan is de regel KL-CON-03 niet van toepassing

  Scenario: Zonder HKZ-certificering is het contract niet conform
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En de keurmerken zijn ISO 9001
    Als het contract getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel KL-CON-04 met uitkomst niet_conform
    En heeft de regel KL-CON-05 gehouden

  Scenario: Keurmerken niet vastgelegd geeft een signaal
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het contractveld certifications ontbreekt
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-CON-05 met uitkomst signaal
    En is de regel KL-CON-04 niet van toepassing

  Scenario: Een tarief onder het minimumtarief is niet conform
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het tarief voor 02A01 per uur is 55.5 euro
    En de parameter minimum_tariffs is {"02A01/uur": 60}
    Als het contract getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel KL-CON-06 met uitkomst niet_conform
    En bevat de toelichting "02A01/uur"

  Scenario: Een tarief op het minimumtarief past
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het tarief voor 02A01 per uur is 60 euro
    En de parameter minimum_tariffs is {"02A01/uur": 60}
    Als het contract getoetst wordt
    Dan heeft de regel KL-CON-06 gehouden

  Scenario: Zonder vastgestelde minimumtarieven wordt het tarief niet beoordeeld
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het tarief voor 02A01 per uur is 1 euro
    Als het contract getoetst wordt
    Dan is de regel KL-CON-06 niet beoordeeld
    En noemt de toelichting de regel KL-CON-06 niet

  Scenario: Zonder ontbindende voorwaarden is het contract niet conform
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het contractveld dissolving_conditions is false
    Als het contract getoetst wordt
    Dan noemt de toelichting de regel KL-CON-07 met uitkomst niet_conform
    En heeft de regel KL-CON-08 gehouden

  Scenario: Ontbindende voorwaarden niet vastgelegd geeft een signaal
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het contractveld dissolving_conditions ontbreekt
    Als het contract getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-CON-08 met uitkomst signaal
    En heeft de regel KL-CON-07 gehouden

  Scenario: Vrije tekst in een ja/nee-veld wordt gemeld, niet geraden
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het contractveld dissolving_conditions is zie bijlage B
    Als het contract getoetst wordt
    Dan is het contract ongeldig met een fout in dissolving_conditions

  Scenario: Een onbekende dienst maakt het contract ongeldig
    Gegeven een contract in kennemerland voor begleiding_wmo van 2019-01-01 tot en met 2021-12-31
    Als het contract getoetst wordt
    Dan is het contract ongeldig met een fout in services.0

  Scenario: Een contract zonder einddatum en zonder opzegtermijn is ongeldig
    Gegeven een contract in kennemerland voor begeleiding_wmo van 2019-01-01 tot en met 2021-12-31
    En het contractveld end_date ontbreekt
    Als het contract getoetst wordt
    Dan is het contract ongeldig met een fout in end_date
