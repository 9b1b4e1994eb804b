# language: nl
Functionaliteit: Een voorstel maakt de beschikking passend
  Een bevinding kan een voorstel hebben: een wijziging die de pagina met één klik toepast
  ("Zet ...") of een uitzondering die de consultant vastlegt en motiveert. Een voorstel wordt
  alleen gedaan als de gewijzigde beschikking geldig is en de bevinding dan verdwijnt of een
  uitzondering wordt. Waar triage het juiste kader niet kent, zegt de toelichting in woorden
  wat past, zonder voorstel.

  Scenario: De woonplaats ligt in een andere regio: de regio gaat mee met de gemeente
    Gegeven een beschikking voor jeugd_ggz in Haarlem van 2027-03-01 tot en met 2027-08-31
    En het veld region is kennemerland
    En de cliënt woont in Zeist
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform
    En stelt de toelichting bij regel XR-WPB-01 voor: Zet gemeente op Zeist en regio op zuidoost-utrecht
    Als het voorstel bij regel XR-WPB-01 wordt toegepast
    Dan heeft de regel XR-WPB-01 gehouden
    En is het oordeel conform

  Scenario: De woonplaats als CBS-code: het voorstel noemt de gemeente bij naam
    Gegeven een beschikking voor begeleiding_wmo in Hoorn van 2027-03-01 tot en met 2027-08-31
    En de cliënt woont in 0420
    Als de beschikking getoetst wordt
    Dan stelt de toelichting bij regel XR-WPB-01 voor: Zet gemeente op Medemblik en regio op westfriesland
    Als het voorstel bij regel XR-WPB-01 wordt toegepast
    Dan heeft de regel XR-WPB-01 gehouden

  Scenario: Een woonplaats buiten de vijf regio's: wat past staat er in woorden, zonder voorstel
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En het veld region is midden-holland
    En de cliënt woont in Amsterdam
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel XR-WPB-01 met uitkomst niet_conform
    En doet de toelichting bij regel XR-WPB-01 geen voorstel
    En zegt de toelichting bij regel XR-WPB-01 wat past: "De gemeente Amsterdam beslist; triage kent haar inkoopkader niet."

  Scenario: Een signaal krijgt geen uitzondering voorgesteld: die verandert de uitkomst niet
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En het contract is pgb
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel MH-NT-01 met uitkomst signaal
    En doet de toelichting bij regel MH-NT-01 geen voorstel

  Scenario: Een minderjarige met Wmo-begeleiding: geen voorstel van alleen een andere wet
    Gegeven een beschikking voor begeleiding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En de cliënt is geboren op 2011-01-01
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel XR-WK-03 met uitkomst niet_conform
    En doet de toelichting bij regel XR-WK-03 geen voorstel
    En zegt de toelichting bij regel XR-WK-03 wat past: "Beschik deze hulp onder de Jeugdwet"

  Scenario: Een voorgestelde uitzondering, vastgelegd en gemotiveerd, maakt de bevinding een uitzondering
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2028-02-29
    En het perspectief is activerend
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel ZOU-GIGG-01 met uitkomst motivering_vereist
    En stelt de toelichting bij regel ZOU-GIGG-01 voor: Zet einddatum op 2027-11-30
    En stelt de toelichting bij regel ZOU-GIGG-01 een uitzondering voor
    Als de voorgestelde uitzondering bij regel ZOU-GIGG-01 wordt vastgelegd met grond uitzonderlijke_situatie en motivering "Traject op school loopt door."
    Dan noemt de toelichting de regel ZOU-GIGG-01 met uitkomst conform_met_uitzondering
    En is het oordeel conform_met_uitzondering
