# language: nl
Functionaliteit: Zorginhoud in Zuidoost Utrecht (Inkoopkoers 2027, §5, §5.3 en §5.5)
  Complementaire zorg alleen als onderdeel van een behandeling; dyslexiezorg via het onderwijs;
  individuele hulp voor een leerling start onder regie van het lokale team.

  Scenario: Complementaire zorg zonder behandeling wordt niet vergoed
    Gegeven een beschikking voor complementaire_zorg in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel ZOU-CZ-01 met uitkomst niet_conform
    En noemt de toelichting het principe complementaire-zorg
    En citeert de toelichting ZOU-2027 paragraaf 5

  Scenario: Complementaire zorg als onderdeel van een behandeling
    Gegeven een beschikking voor complementaire_zorg in Zeist van 2027-03-01 tot en met 2027-08-31
    En de zorg hoort bij behandeling ZOU-2027-000311
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-CZ-01 gehouden

  Scenario: Ook onder de Wmo alleen als onderdeel van een behandeling
    Gegeven een beschikking voor complementaire_zorg in De Bilt van 2027-03-01 tot en met 2027-08-31
    En de wet is wmo
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel ZOU-CZ-01 met uitkomst niet_conform

  Scenario: Dyslexiezorg gaat naar het onderwijsbudget
    Gegeven een beschikking voor dyslexiezorg in Bunnik van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-01 met uitkomst signaal
    En noemt de toelichting het principe regie-lokaal-team
    En citeert de toelichting ZOU-2027 paragraaf 5.5

  Scenario: Andere jeugdhulp gaat niet naar het onderwijsbudget
    Gegeven een beschikking voor jeugd_ggz in Bunnik van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-01 niet

  Scenario: Individuele jeugd-ggz via de huisarts vraagt afstemming met het lokale team
    Gegeven een beschikking voor jeugd_ggz in Zeist van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is huisarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-02 met uitkomst signaal
    En citeert de toelichting ZOU-2027 paragraaf 5.3

  Scenario: Individuele dagbesteding via de jeugdarts vraagt afstemming met het lokale team
    Gegeven een beschikking voor dagbesteding_jeugd in Zeist van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is jeugdarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-02 met uitkomst signaal

  Scenario: Verwezen door het lokale team
    Gegeven een beschikking voor jeugd_ggz in Zeist van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is lokaal_team
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-REGIE-02 gehouden

  Scenario: Groepsaanbod via de huisarts valt erbuiten
    Gegeven een beschikking voor jeugd_ggz in Zeist van 2027-03-01 tot en met 2027-08-31
    En de vorm is groep
    En de verwijzer is huisarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-02 niet

  Scenario: Wmo-begeleiding via de huisarts valt erbuiten
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En de verwijzer is huisarts
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-REGIE-02 niet

  Scenario: Alleen spaties is geen behandeling
    Gegeven een beschikking voor complementaire_zorg in Zeist van 2027-03-01 tot en met 2027-08-31
    En het veld part_of_treatment is "  "
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel ZOU-CZ-01 met uitkomst niet_conform
