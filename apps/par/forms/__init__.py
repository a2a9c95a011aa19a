"""PAR's input forms, one module per topic (criteria, periods, appraisal). They only parse input;
the services validate and save."""
