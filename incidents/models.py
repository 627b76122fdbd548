# Incidents, drills and community concerns arrive with their issue.
