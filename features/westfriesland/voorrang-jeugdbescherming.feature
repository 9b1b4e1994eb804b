# language: nl
Functionaliteit: Voorrang bij jeugdbescherming en jeugdreclassering in Westfriesland (WF-2024 §5 en §3)
  Gezinnen in aanloop naar of met een maatregel krijgen voorrang, onder de Jeugdwet én de Wmo.
  Voor een jeugdige met een kinderbeschermingsmaatregel (ots of voogdij) start passende jeugdhulp
  binnen drie maanden na de aanvraag: het document meldt dat als bevinding van het toezicht van
  het ministerie, dus een latere start vraagt een motivering. Jeugdreclassering (strafrecht) en de
  Wmo-ondersteuning van een ouder krijgen voorrang zonder die termijn.

  Scenario: Met een ondertoezichtstelling voorrang en start binnen drie maanden
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-04-01 tot en met 2027-09-30
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is de prioriteit voorrang met uiterlijke start 2027-06-15
    En bepaalt de regel WF-VRG-01 de prioriteit
    En bepaalt de regel WF-VRG-02 de prioriteit niet

  Scenario: Met voogdij voorrang
    Gegeven een beschikking voor pleegzorg in Koggenland van 2027-04-01 tot en met 2027-09-30
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is voogdij
    Als de beschikking getoetst wordt
    Dan is de prioriteit voorrang met uiterlijke start 2027-06-15
    En bepaalt de regel WF-VRG-01 de prioriteit

  Scenario: Met jeugdreclassering voorrang, zonder uiterlijke startdatum
    Gegeven een beschikking voor jeugdhulp_ambulant in Opmeer van 2027-04-01 tot en met 2027-09-30
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is jeugdreclassering
    Als de beschikking getoetst wordt
    Dan is de prioriteit voorrang
    En heeft de prioriteit geen uiterlijke start
    En bepaalt de regel WF-VRG-04 de prioriteit
    En bepaalt de regel WF-VRG-01 de prioriteit niet

  Scenario: Jeugdreclassering die na drie maanden start, hoeft niet gemotiveerd te worden
    Gegeven een beschikking voor jeugdreclassering in Opmeer van 2027-07-01 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is jeugdreclassering
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel WF-VRG-03 niet

  Scenario: Ook Wmo-ondersteuning voor een ouder in een gezin met een maatregel krijgt voorrang
    Gegeven een beschikking voor begeleiding_wmo in Enkhuizen van 2027-04-01 tot en met 2027-09-30
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is de prioriteit voorrang
    En heeft de prioriteit geen uiterlijke start
    En bepaalt de regel WF-VRG-04 de prioriteit

  Scenario: In aanloop naar een maatregel voorrang zonder vaste termijn
    Gegeven een beschikking voor jeugd_ggz in Drechterland van 2027-04-01 tot en met 2027-09-30
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is in_aanloop
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is de prioriteit voorrang
    En bepaalt de regel WF-VRG-02 de prioriteit
    En bepaalt de regel WF-VRG-01 de prioriteit niet

  Scenario: In aanloop naar een maatregel geldt de termijn van drie maanden niet
    Gegeven een beschikking voor jeugd_ggz in Drechterland van 2027-07-01 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is in_aanloop
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel WF-VRG-03 niet

  Scenario: Ook Wmo-ondersteuning van een ouder in aanloop naar een maatregel krijgt voorrang
    Gegeven een beschikking voor huishoudelijke_hulp in Medemblik van 2027-04-01 tot en met 2027-09-30
    En de jeugdbeschermingsstatus is in_aanloop
    Als de beschikking getoetst wordt
    Dan is de prioriteit voorrang
    En bepaalt de regel WF-VRG-02 de prioriteit

  Scenario: Zonder maatregel geen voorrang
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-04-01 tot en met 2027-09-30
    Als de beschikking getoetst wordt
    Dan is de prioriteit regulier
    En bepaalt de regel WF-VRG-01 de prioriteit niet
    En bepaalt de regel WF-VRG-02 de prioriteit niet
    En bepaalt de regel WF-VRG-04 de prioriteit niet

  Scenario: Buiten Westfriesland geeft een maatregel geen voorrang
    Gegeven een beschikking voor jeugd_ggz in Gouda van 2027-04-01 tot en met 2027-09-30
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is de prioriteit regulier
    En bepaalt de regel WF-VRG-01 de prioriteit niet

  Scenario: Jeugdhulp bij een maatregel die precies drie maanden na de aanvraag start
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-06-15 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel WF-VRG-03 gehouden

  Scenario: Jeugdhulp bij een maatregel die een dag later start, vraagt een motivering
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-06-16 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel WF-VRG-03 met uitkomst motivering_vereist
    En noemt de toelichting het principe voorrang-jeugdbescherming
    En citeert de toelichting WF-2024 paragraaf 3
    En stelt de toelichting als startdatum uiterlijk 2027-06-15 voor
    En is de prioriteit voorrang met uiterlijke start 2027-06-15

  Scenario: Aanvraag aan het eind van november: uiterlijk op schrikkeldag starten
    Gegeven een beschikking voor jeugd_ggz in Stede Broec van 2028-02-29 tot en met 2028-08-31
    En de aanvraag is gedaan op 2027-11-30
    En de jeugdbeschermingsstatus is voogdij
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is de prioriteit voorrang met uiterlijke start 2028-02-29
    En heeft de regel WF-VRG-03 gehouden

  Scenario: Aanvraag aan het eind van november: op 1 maart starten vraagt een motivering
    Gegeven een beschikking voor jeugd_ggz in Stede Broec van 2028-03-01 tot en met 2028-08-31
    En de aanvraag is gedaan op 2027-11-30
    En de jeugdbeschermingsstatus is voogdij
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel WF-VRG-03 met uitkomst motivering_vereist
    En stelt de toelichting als startdatum uiterlijk 2028-02-29 voor

  Scenario: Een latere start met een vastgelegde reden is een uitzondering
    Gegeven een beschikking voor jeugd_ggz in Hoorn van 2027-07-01 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    En er is een uitzondering vastgelegd voor voorrang-jeugdbescherming met grond uitzonderlijke_situatie en motivering "Wachtlijst bij alle gecontracteerde aanbieders; overbrugging geregeld"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel WF-VRG-03 met uitkomst conform_met_uitzondering

  Scenario: De termijn van drie maanden geldt voor jeugdhulp, niet voor Wmo van een ouder
    Gegeven een beschikking voor begeleiding_wmo in Hoorn van 2027-07-01 tot en met 2027-12-31
    En de aanvraag is gedaan op 2027-03-15
    En de jeugdbeschermingsstatus is ots
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel WF-VRG-03 niet
    En is de prioriteit voorrang
    En heeft de prioriteit geen uiterlijke start
