# language: nl
Functionaliteit: Procesregie en nee-tenzij in Gooi en Vechtstreek (Uitgangspunten inkoop sociaal domein 2021, §3.3, §4.2.1 en §4.2.4)
  In het gedwongen kader voert de gecertificeerde instelling de procesregie (signaal). Verblijf bij
  een niet-gecontracteerde aanbieder kan alleen als de gecontracteerde partners niet kunnen leveren.

  Scenario: Zonder maatregel is er geen signaal over procesregie
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-PR-01 gehouden

  Scenario: Bij een ondertoezichtstelling voert de gecertificeerde instelling de procesregie
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel GV-PR-01 met uitkomst signaal
    En noemt de toelichting het principe procesregie
    En citeert de toelichting GV-2021 paragraaf 3.3

  Scenario: Bij jeugdreclassering voert de gecertificeerde instelling de procesregie
    Gegeven een beschikking voor jeugd_ggz in Gooise Meren van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is jeugdreclassering
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel GV-PR-01 met uitkomst signaal

  Scenario: Een maatregel in aanloop is nog geen gedwongen kader
    Gegeven een beschikking voor jeugdhulp_ambulant in Hilversum van 2027-03-01 tot en met 2027-08-31
    En de jeugdbeschermingsstatus is in_aanloop
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-PR-01 gehouden

  Scenario: Pleegzorg bij een gecontracteerde aanbieder past
    Gegeven een beschikking voor pleegzorg in Wijdemeren van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel GV-NT-01 gehouden

  Scenario: Pleegzorg bij een niet-gecontracteerde aanbieder vraagt een motivering
    Gegeven een beschikking voor pleegzorg in Wijdemeren van 2027-03-01 tot en met 2028-02-29
    En het contract is maatwerkcontract
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel GV-NT-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe nee-tenzij
    En citeert de toelichting GV-2021 paragraaf 4.2.4

  Scenario: Als gecontracteerde partners niet kunnen leveren, mag het met een uitzondering
    Gegeven een beschikking voor gezinshuis in Wijdemeren van 2027-03-01 tot en met 2028-02-29
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond geen_gecontracteerd_aanbod en motivering "Geen gecontracteerd gezinshuis met plek in de regio."
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel GV-NT-01 met uitkomst conform_met_uitzondering

  Scenario: Een andere grond telt niet als uitzondering
    Gegeven een beschikking voor jeugdhulp_verblijf in Wijdemeren van 2027-03-01 tot en met 2028-02-29
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond uitzonderlijke_situatie en motivering "Bijzondere gezinssituatie."
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel GV-NT-01 met uitkomst motivering_vereist

  Scenario: Een uitzondering zonder motivering telt niet
    Gegeven een beschikking voor jeugdhulp_verblijf in Wijdemeren van 2027-03-01 tot en met 2028-02-29
    En het contract is maatwerkcontract
    En er is een uitzondering vastgelegd voor nee-tenzij met grond geen_gecontracteerd_aanbod zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel GV-NT-01 met uitkomst motivering_vereist

  Scenario: Ambulante jeugdhulp met een maatwerkcontract valt niet onder deze regel
    Gegeven een beschikking voor jeugdhulp_ambulant in Wijdemeren van 2027-03-01 tot en met 2027-08-31
    En het contract is maatwerkcontract
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel GV-NT-01 niet
