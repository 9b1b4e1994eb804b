# language: nl
Functionaliteit: Dagbesteding met onderwijs, in dagdelen (Strategische kaders inkoop 2025, §5.1 segment 6)
  Jeugdigen met dagbesteding krijgen een vorm van onderwijs: zonder onderwijs is de beschikking
  niet conform. Dagbesteding wordt gefinancierd in dagdelen; dat beschrijft de financiering, geen
  eis aan de beschikking: een omvang in een andere eenheid geeft een signaal.

  Scenario: Dagbesteding met onderwijs, in dagdelen, past
    Gegeven een beschikking voor dagbesteding_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 6
    En heeft de regel MH-DAG-01 gehouden
    En heeft de regel MH-DAG-02 gehouden

  Scenario: Dagbesteding voor een jeugdige zonder onderwijs is niet conform
    Gegeven een beschikking voor dagbesteding_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    En er is geen onderwijs geregeld
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-DAG-01 met uitkomst niet_conform
    En noemt de toelichting het principe dagbesteding-onderwijs
    En citeert de toelichting MH-2025 paragraaf 5.1
    En heeft de regel MH-DAG-02 gehouden

  Scenario: Onderwijs dat niet is vastgelegd, telt als niet geregeld
    Gegeven een beschikking voor dagbesteding_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    En het veld education_arrangement is null
    Als de beschikking getoetst wordt
    Dan is het oordeel niet_conform
    En noemt de toelichting de regel MH-DAG-01 met uitkomst niet_conform

  Scenario: Dagbesteding voor een jeugdige in uren geeft een signaal
    Gegeven een beschikking voor dagbesteding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En de omvang is 8 uur per week
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-DAG-02 met uitkomst signaal
    En bevat de toelichting "Midden-Holland financiert dagbesteding per dagdeel"
    En heeft de regel MH-DAG-01 gehouden

  Scenario: Wmo-dagbesteding in uren geeft ook een signaal
    Gegeven een beschikking voor dagbesteding_wmo in Waddinxveen van 2027-03-01 tot en met 2027-08-31
    En de omvang is 6 uur per week
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-DAG-02 met uitkomst signaal

  Scenario: Wmo-dagbesteding in dagdelen past
    Gegeven een beschikking voor dagbesteding_wmo in Waddinxveen van 2027-03-01 tot en met 2027-08-31
    En de omvang is 3 dagdeel per week
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En heeft de regel MH-DAG-02 gehouden

  Scenario: Dagbesteding zonder omvang wordt niet op de eenheid beoordeeld
    Gegeven een beschikking voor dagbesteding_jeugd in Zuidplas van 2027-03-01 tot en met 2027-08-31
    En er is geen omvang vastgelegd
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-DAG-02 niet

  Scenario: Logeren wordt in etmalen geteld en niet op dagdelen beoordeeld
    Gegeven een beschikking voor logeren_jeugd in Gouda van 2027-03-01 tot en met 2027-08-31
    En de omvang is 4 etmaal per maand
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En noemt de toelichting de regel MH-DAG-02 niet

  Scenario: Voor volwassenen in dagbesteding is onderwijs geen eis
    Gegeven een beschikking voor dagbesteding_wmo in Gouda van 2027-03-01 tot en met 2027-08-31
    En er is geen onderwijs geregeld
    Als de beschikking getoetst wordt
    Dan is het oordeel conform
    En is het segment 6
    En noemt de toelichting de regel MH-DAG-01 niet
