"""Every write of PAR scoring. Views, the API, commands and the demo loader call these."""
