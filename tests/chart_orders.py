"""Orders the chart tests give charts: unlike the schema's, so that a chart that ignores the order it is given fails."""

# Lesson 04's series order: Indestructible Brotherhood before Echelon, where the schema's enum has them the other way.
SERIES = [
    "Rubezh",
    "Vzaimodeistvie (Interaction)",
    "Poisk (Search)",
    "Indestructible Brotherhood",
    "Echelon",
    "Kobalt",
    "Skala",
    "Barrier",
    "other",
]
