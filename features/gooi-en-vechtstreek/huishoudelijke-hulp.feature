# language: nl
Functionaliteit: Huishoudelijke hulp basis en plus in Gooi en Vechtstreek (Uitgangspunten inkoop sociaal domein 2021, §4.2)
  Basis is licht en zwaar huishoudelijk werk, wasverzorging, boodschappen en de organisatie van
  het huishouden. Maaltijden en hulp bij de zelfverzorging van kinderen horen alleen bij plus.

  Scenario: Basis met alleen basisactiviteiten past
    Gegeven een beschikking voor huishoudelijke_hulp in Huizen van 2027-03-01 tot en met 2027-08-31
    En de variant is basis
    En de activiteiten zijn licht_huishoudelijk_werk, wasverzorging, boodschappen
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-HH-01 gehouden

  Scenario: Maaltijden horen niet in huishoudelijke hulp basis
    Gegeven een beschikking voor huishoudelijke_hulp in Huizen van 2027-03-01 tot en met 2027-08-31
    En de variant is basis
    En de activiteiten zijn licht_huishoudelijk_werk, maaltijden
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel GV-HH-01 met uitkomst niet_conform
    En noemt de toelichting het principe huishoudelijke-hulp
    En citeert de toelichting GV-2021 paragraaf 4.2

  Scenario: Hulp bij de zelfverzorging van kinderen hoort niet in basis
    Gegeven een beschikking voor huishoudelijke_hulp in Eemnes van 2027-03-01 tot en met 2027-08-31
    En de variant is basis
    En de activiteiten zijn zwaar_huishoudelijk_werk, zelfverzorging_kinderen
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel GV-HH-01 met uitkomst niet_conform

  Scenario: Plus mag maaltijden en zelfverzorging van kinderen bevatten
    Gegeven een beschikking voor huishoudelijke_hulp in Eemnes van 2027-03-01 tot en met 2027-08-31
    En de variant is plus
    En de activiteiten zijn licht_huishoudelijk_werk, maaltijden, zelfverzorging_kinderen
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel GV-HH-01 niet
