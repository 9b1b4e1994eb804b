# language: nl
Functionaliteit: Wat de regionale verwerving van Kennemerland niet dekt (Regionale verwervingsstrategie sociaal domein 2018, §1 voetnoot 1 en §6)
  Buiten deze verwerving vallen Wmo-hulpmiddelen (eigen contractering), het pgb (de verwerving
  gaat over zorg in natura) en huishoudelijke ondersteuning in de IJmond (Beverwijk, Heemskerk,
  Velsen: subregionaal ingekocht). Een beschikking daarvoor krijgt een signaal dat zegt waar het
  geregeld is. Beschermd wonen en opvang vallen er wel onder, via centrumgemeente Haarlem.

  Scenario: Een Wmo-hulpmiddel valt buiten de regionale verwerving
    Gegeven een beschikking voor hulpmiddelen in Bloemendaal van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-IS-01 met uitkomst signaal
    En noemt de toelichting het principe inkoopscope
    En citeert de toelichting KL-2018 paragraaf 6

  Scenario: Een woningaanpassing valt binnen de regionale verwerving
    Gegeven een beschikking voor woningaanpassing in Bloemendaal van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-IS-01 gehouden

  Scenario: Een pgb valt buiten de regionale verwerving
    Gegeven een beschikking voor begeleiding_wmo in Zandvoort van 2027-03-01 tot en met 2027-08-31
    En het contract is pgb
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-IS-02 met uitkomst signaal
    En citeert de toelichting KL-2018 paragraaf 1, voetnoot 1

  Scenario: Zorg in natura valt binnen de regionale verwerving
    Gegeven een beschikking voor begeleiding_wmo in Zandvoort van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-IS-02 gehouden

  Scenario: Huishoudelijke hulp in Velsen koopt de IJmond zelf in
    Gegeven een beschikking voor huishoudelijke_hulp in Velsen van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel KL-IS-03 met uitkomst signaal
    En bevat de toelichting "IJmond"

  Scenario: Huishoudelijke hulp in Haarlem valt binnen de regionale verwerving
    Gegeven een beschikking voor huishoudelijke_hulp in Haarlem van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel KL-IS-03 gehouden

  Scenario: Beschermd wonen valt binnen de regionale verwerving, via Haarlem
    Gegeven een beschikking voor beschermd_wonen in Haarlem van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment B
    En noemt de toelichting de regel KL-IS-01 niet
    En noemt de toelichting de regel KL-IS-03 niet
