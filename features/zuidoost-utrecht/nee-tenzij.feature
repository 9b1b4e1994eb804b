# language: nl
Functionaliteit: Maatwerkcontracten alleen "nee, tenzij" in Zuidoost Utrecht (Inkoopkoers 2027, §4.1 en §5)
  Een eenmalige overeenkomst met een niet-gecontracteerde aanbieder mag alleen bij een gedwongen
  keuze door het woonplaatsbeginsel of in een uitzonderlijke situatie, met motivering.

  Scenario: Een gecontracteerde aanbieder past
    Gegeven een beschikking voor begeleiding_wmo in De Bilt van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-NT-01 gehouden

  Scenario: Een maatwerkcontract zonder uitzondering vraagt een motivering
    Gegeven een beschikking voor begeleiding_wmo in De Bilt van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe nee-tenzij
    En citeert de toelichting ZOU-2027 paragraaf 4.1

  Scenario: Gedwongen keuze van aanbieder door het woonplaatsbeginsel
    Gegeven een beschikking voor jeugd_ggz in Bunnik van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond woonplaatsbeginsel en motivering "Jeugdige woont bij pleegouders in Utrecht; aanbieder daar gecontracteerd"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst conform_met_uitzondering

  Scenario: Een uitzonderlijke situatie met motivering
    Gegeven een beschikking voor begeleiding_wmo in Wijk bij Duurstede van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond uitzonderlijke_situatie en motivering "Geen gecontracteerde aanbieder met gebarentaal"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst conform_met_uitzondering

  Scenario: Continuïteit van zorg is in Zuidoost Utrecht geen grond
    Gegeven een beschikking voor begeleiding_wmo in Wijk bij Duurstede van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond continuiteit_van_zorg en motivering "Cliënt houdt de eigen begeleider"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst motivering_vereist

  Scenario: Een aanvaarde grond zonder motivering telt niet
    Gegeven een beschikking voor begeleiding_wmo in Wijk bij Duurstede van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond uitzonderlijke_situatie zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst motivering_vereist

  Scenario: Een persoonsgebonden budget is geen maatwerkcontract
    Gegeven een beschikking voor begeleiding_wmo in Utrechtse Heuvelrug van 2027-03-01 tot en met 2027-08-31
    En het contract is pgb
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-NT-01 gehouden

  Scenario: Een maatwerkcontract beschikt vóór 2027 valt nog niet onder de inkoopkoers
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En de beschikkingsdatum is 2026-12-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-NT-01 niet

  Scenario: Een maatwerkcontract beschikt op 1 januari 2027 valt er wel onder
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    En de beschikkingsdatum is 2027-01-01
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-NT-01 met uitkomst motivering_vereist
