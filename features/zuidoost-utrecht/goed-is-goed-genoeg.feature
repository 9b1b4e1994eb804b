# language: nl
Functionaliteit: Goed is goed genoeg in Zuidoost Utrecht (Inkoopkoers 2027, §5.4 en §3.1)
  Bij een ontwikkelingsperspectief (activerend) is de beschikkingstermijn maximaal 9 maanden,
  tenzij gemotiveerd. Stabiliserende hulp (bijvoorbeeld bij dementie) valt daarbuiten.

  Scenario: Negen maanden met ontwikkelingsperspectief past
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-11-30
    En het perspectief is activerend
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-GIGG-01 gehouden

  Scenario: Eén dag langer vraagt een motivering
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-01
    En het perspectief is activerend
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-01 met uitkomst motivering_vereist
    En noemt de toelichting het principe goed-is-goed-genoeg
    En citeert de toelichting ZOU-2027 paragraaf 5.4
    En stelt de toelichting als einddatum uiterlijk 2027-11-30 voor

  Scenario: Zonder einddatum telt als langer dan negen maanden
    Gegeven een beschikking voor begeleiding_wmo in Zeist vanaf 2027-03-01 zonder einddatum
    En het perspectief is activerend
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-01 met uitkomst motivering_vereist
    En bevat de toelichting "De termijn is zonder einddatum (open einde)"
    En stelt de toelichting als einddatum uiterlijk 2027-11-30 voor

  Scenario: Stabiliserende hulp mag langer dan negen maanden
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2028-12-31
    En het perspectief is stabiliserend
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-01 niet

  Scenario: Een langere termijn met motivering is toegestaan
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-31
    En het perspectief is activerend
    En er is een uitzondering vastgelegd voor goed-is-goed-genoeg met grond uitzonderlijke_situatie en motivering "Traject van tien maanden afgesproken met school en ouders"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-GIGG-01 met uitkomst conform_met_uitzondering

  Scenario: Een uitzondering zonder motivering telt niet
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-31
    En het perspectief is activerend
    En er is een uitzondering vastgelegd voor goed-is-goed-genoeg met grond uitzonderlijke_situatie zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-01 met uitkomst motivering_vereist

  Scenario: Een uitzondering onder een ander principe telt niet
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-31
    En het perspectief is activerend
    En er is een uitzondering vastgelegd voor nee-tenzij met grond uitzonderlijke_situatie en motivering "Traject van tien maanden"
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-01 met uitkomst motivering_vereist

  Scenario: Bij jeugdbescherming bepaalt de rechter de termijn
    Gegeven een beschikking voor jeugdbescherming in Zeist van 2027-03-01 tot en met 2028-02-29
    En het perspectief is activerend
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-01 niet

  Scenario: Een beschikking van vóór 2027 valt nog niet onder de negenmaandentermijn
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2026-09-01 tot en met 2027-12-31
    En het perspectief is activerend
    En de beschikkingsdatum is 2026-06-01
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-01 niet

  Scenario: Getoetst op de laatste dag van 2026 geldt de negenmaandentermijn nog niet
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-12-31
    En het perspectief is activerend
    Als de beschikking getoetst wordt op 2026-12-31
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-01 niet

  Scenario: Verlengen zonder vooruitgang vraagt een motivering
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is activerend
    En de beschikking verlengt ZOU-2026-000417 zonder vooruitgang
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-02 met uitkomst motivering_vereist
    En citeert de toelichting ZOU-2027 paragraaf 5.4

  Scenario: Verlengen met vooruitgang past
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is activerend
    En de beschikking verlengt ZOU-2026-000417 met vooruitgang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel ZOU-GIGG-02 gehouden

  Scenario: Stabiliserende hulp verlengen zonder vooruitgang past
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is stabiliserend
    En de beschikking verlengt ZOU-2026-000417 zonder vooruitgang
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-02 niet

  Scenario: Gemotiveerd verlengen zonder vooruitgang is toegestaan
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is activerend
    En de beschikking verlengt ZOU-2026-000417 zonder vooruitgang
    En er is een uitzondering vastgelegd voor goed-is-goed-genoeg met grond uitzonderlijke_situatie en motivering "Andere aanpak: nieuwe begeleider en lagere intensiteit"
    Als de beschikking getoetst wordt
    Dan is het oordeel conform_met_uitzondering
    En noemt de toelichting de regel ZOU-GIGG-02 met uitkomst conform_met_uitzondering

  Scenario: Verlengen zonder vooruitgang met een uitzondering zonder motivering
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is activerend
    En de beschikking verlengt ZOU-2026-000417 zonder vooruitgang
    En er is een uitzondering vastgelegd voor goed-is-goed-genoeg met grond uitzonderlijke_situatie zonder motivering
    Als de beschikking getoetst wordt
    Dan is het oordeel motivering_vereist
    En noemt de toelichting de regel ZOU-GIGG-02 met uitkomst motivering_vereist

  Scenario: Zonder perspectief een signaal
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-03 met uitkomst signaal
    En citeert de toelichting ZOU-2027 paragraaf 3.1

  Scenario: Met een vastgelegd perspectief geen signaal
    Gegeven een beschikking voor begeleiding_wmo in Zeist van 2027-03-01 tot en met 2027-08-31
    En het perspectief is stabiliserend
    Als de beschikking getoetst wordt
    Dan heeft de regel ZOU-GIGG-03 gehouden

  Scenario: Voor een hulpmiddel hoeft geen perspectief
    Gegeven een beschikking voor hulpmiddelen in Zeist van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-03 niet

  # Een perspectief hoort bij hulp met een ontwikkelings- of behandeldoel (§3.1): niet bij
  # hulpmiddelen, woningaanpassing, vervoer of huishoudelijke hulp.
  Scenario: Voor huishoudelijke hulp hoeft geen perspectief
    Gegeven een beschikking voor huishoudelijke_hulp in Bunnik van 2027-03-01 tot en met 2028-02-29
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-03 niet

  Scenario: Voor vervoer en een woningaanpassing hoeft geen perspectief
    Gegeven een beschikking voor woningaanpassing in Zeist van 2027-03-01 tot en met 2027-05-31
    Als de beschikking getoetst wordt
    Dan noemt de toelichting de regel ZOU-GIGG-03 niet

  Scenario: Jeugdhulp met een behandeldoel zonder perspectief geeft een signaal
    Gegeven een beschikking voor jeugd_ggz in De Bilt van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel ZOU-GIGG-03 met uitkomst signaal
