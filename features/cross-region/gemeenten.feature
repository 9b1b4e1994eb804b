# language: nl
Functionaliteit: Gemeenten horen op een datum bij een regio
  Gemeenten fuseren: het lidmaatschap van een regio is gedateerd. Haarlemmerliede en
  Spaarnwoude (CBS 0393) hoort in KL-2018 bij Kennemerland en ging per 2019-01-01 op in
  Haarlemmermeer. Weesp (CBS 0457) hoorde tot en met 2022-03-23 bij Gooi en Vechtstreek en ging
  toen op in Amsterdam. Een beschikking van zo'n gemeente, of voor een inwoner ervan, van na het
  opheffen is ongeldige invoer die gemeente en datum noemt.

  Scenario: Een beschikking van Haarlemmerliede en Spaarnwoude in 2018
    Gegeven een beschikking voor begeleiding_wmo in Haarlemmerliede en Spaarnwoude van 2018-06-01 tot en met 2018-11-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform

  Scenario: De CBS-code van Haarlemmerliede en Spaarnwoude op de laatste dag
    Gegeven een beschikking voor begeleiding_wmo in 0393 van 2018-12-31 tot en met 2019-06-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform

  Scenario: Haarlemmerliede en Spaarnwoude bestaat in 2019 niet meer
    Gegeven een beschikking voor begeleiding_wmo in Haarlemmerliede en Spaarnwoude van 2019-01-01 tot en met 2019-06-30
    Als de beschikking getoetst wordt
    Dan is de beschikking ongeldig
    En noemt de fout het veld municipality en "Haarlemmerliede en Spaarnwoude bestond na 2018-12-31 niet meer"
    En noemt de fout het veld municipality en "2019-01-01"

  Scenario: Een inwoner van Weesp in 2021 valt onder het woonplaatsbeginsel van Gooi en Vechtstreek
    Gegeven een beschikking voor begeleiding_wmo in Hilversum van 2021-06-01 tot en met 2021-11-30
    En de cliënt woont in Weesp
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform

  Scenario: Weesp als woonplaats na de fusie met Amsterdam is ongeldig
    Gegeven een beschikking voor begeleiding_wmo in Hilversum van 2022-06-01 tot en met 2022-11-30
    En de cliënt woont in Weesp
    Als de beschikking getoetst wordt
    Dan is de beschikking ongeldig
    En noemt de fout het veld client.residence_municipality en "Weesp bestond na 2022-03-23 niet meer"

  Scenario: Weesp op de laatste dag als gemeente van Gooi en Vechtstreek
    Gegeven een beschikking voor huishoudelijke_hulp in Weesp van 2022-03-23 tot en met 2022-09-30
    Als de beschikking getoetst wordt
    Dan is het oordeel conform

  Scenario: Met de regels van een datum na de fusie is Weesp ongeldig
    Gegeven een beschikking voor huishoudelijke_hulp in Weesp van 2022-03-01 tot en met 2022-09-30
    Als de beschikking getoetst wordt op 2022-03-24
    Dan is de beschikking ongeldig
    En noemt de fout het veld municipality en "getoetst wordt op 2022-03-24"
