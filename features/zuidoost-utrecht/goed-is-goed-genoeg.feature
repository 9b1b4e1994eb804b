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
