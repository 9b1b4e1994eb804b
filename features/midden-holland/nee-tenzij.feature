# language: nl
Functionaliteit: Nee, tenzij in Midden-Holland (Strategische kaders inkoop 2025, §4.2 en §6.2)
  Minder aanbieders mag niet leiden tot veel meer pgb's, onderaannemers of uitzonderingscontracten
  (een signaal). Wie de eigen hulpverlener houdt (continuïteit van zorg), is een aanvaarde uitzondering.

  Scenario: Een gecontracteerde aanbieder geeft geen signaal
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-NT-01 gehouden

  Scenario: Een pgb geeft een signaal maar verandert het oordeel niet
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En het contract is pgb
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal
    En noemt de toelichting het principe nee-tenzij
    En citeert de toelichting MH-2025 paragraaf 4.2

  Scenario: Onderaanneming geeft een signaal
    Gegeven een beschikking voor jeugdhulp_ambulant in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En het contract is onderaanneming
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal

  Scenario: Een maatwerkcontract geeft een signaal
    Gegeven een beschikking voor begeleiding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal

  Scenario: Een andere grond telt niet als uitzondering
    Gegeven een beschikking voor begeleiding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En het contract is onderaanneming
    En er is een uitzondering vastgelegd voor nee-tenzij met grond uitzonderlijke_situatie en motivering "Bijzondere gezinssituatie."
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal

  Scenario: Een uitzondering zonder motivering telt niet
    Gegeven een beschikking voor begeleiding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En het contract is onderaanneming
    En er is een uitzondering vastgelegd voor nee-tenzij met grond continuiteit_van_zorg zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal

  Scenario: De eigen hulpverlener houden is een aanvaarde uitzondering; een signaal blijft een signaal
    Gegeven een beschikking voor begeleiding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En het contract is onderaanneming
    En er is een uitzondering vastgelegd voor nee-tenzij met grond continuiteit_van_zorg en motivering "Cliënt houdt de eigen begeleider van de vorige aanbieder."
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-NT-01 met uitkomst signaal
