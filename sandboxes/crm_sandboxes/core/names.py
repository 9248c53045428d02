"""Word lists the shared population draws from (no two entries fold to the same ASCII)."""

FIRST_NAMES = (
    "Jane", "John", "Maria", "Wei", "Aisha", "Liam", "Olivia", "Noah", "Emma", "Mateo",
    "Sofia", "Lucas", "Mia", "Ethan", "Amara", "Hiro", "Yuki", "Priya", "Arjun", "Fatima",
    "Omar", "Chloé", "Zoë", "José", "Søren", "Björn", "Renée", "Ingrid", "Kwame", "Nia",
    "Diego", "Lucia", "Elena", "Ivan", "Olga", "Sven", "Freya", "Leila", "Samir", "Anika",
    "Ravi", "Mei", "Chen", "Tariq", "Grace", "Henry", "Isla", "Jack", "Kai", "Luna",
    "Mason", "Nora", "Owen", "Pia", "Quinn", "Rosa", "Sam", "Tess", "Umar", "Vera",
    "Wyatt", "Xena", "Yara", "Zane", "Ada", "Ben", "Cleo", "Dev", "Eli", "Faye",
    "Gus", "Hana", "Ilya", "Jonah", "Kira", "Leo", "Maya", "Nico", "Ola", "Paz",
    "Rhea", "Sage", "Theo", "Uma", "Vik", "Wren", "Ximena", "Yusuf", "Zara", "Abel",
    "Bea", "Cyrus", "Dana", "Esme", "Finn", "Gia", "Hugo", "Iris", "Joel", "Kenji",
)  # fmt: skip

LAST_NAMES = (
    "Doe", "Smith", "Garcia", "Zhang", "Khan", "Johnson", "Williams", "Brown", "Jones", "Miller",
    "Davis", "Martinez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis",
    "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
    "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Müller", "Núñez", "O'Neil", "Schmidt", "Rossi", "Dubois",
    "Novak", "Kowalski", "Ivanova", "Tanaka", "Suzuki", "Sato", "Kim", "Park", "Patel", "Singh",
    "Gupta", "Okafor", "Mensah", "Haddad", "Cohen", "Levi", "Silva", "Santos", "Costa", "Pereira",
    "Jensen", "Hansen", "Larsen", "Berg", "Lindqvist", "Virtanen", "Horvat", "Popescu", "Dimitrov",
    "Papadopoulos", "Yilmaz", "Demir", "Ali", "Hassan", "Farouk", "Nakamura", "Ito", "Wang",
    "Liu", "Chen-Lopez", "Van Dijk", "De Vries", "MacLeod", "Fitzgerald",
)  # fmt: skip

COMPANY_PREFIXES = (
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Wonka",
    "Bright", "Blue", "Red", "Green", "Silver", "Golden", "North", "South", "East", "West",
    "Rapid", "Quantum", "Nimbus", "Apex", "Summit", "Cedar", "Maple", "Pine", "Oak", "River",
    "Harbor", "Stone", "Iron", "Crystal", "Lunar", "Solar", "Polar", "Urban", "Prime", "Nova",
    "Vertex", "Pixel", "Signal", "Beacon", "Atlas", "Orbit", "Echo", "Delta", "Sigma", "Omega",
    "Alpine", "Coastal", "Prairie", "Canyon", "Meadow", "Falcon", "Otter", "Fox", "Wolf", "Bear",
)  # fmt: skip

COMPANY_NOUNS = (
    "Labs", "Works", "Systems", "Dynamics", "Analytics", "Logistics", "Foods", "Health",
    "Energy", "Media", "Robotics", "Software", "Capital", "Partners", "Studios", "Networks",
    "Solutions", "Ventures", "Industries", "Holdings", "Supply", "Design", "Motors", "Bank",
    "Insurance", "Pharma", "Textiles", "Apparel", "Outdoors", "Travel", "Learning", "Games",
    "Security", "Cloud", "Data", "Devices", "Materials", "Farms", "Brewing", "Coffee",
)  # fmt: skip

LEGAL_SUFFIXES = ("Inc", "LLC", "Ltd", "GmbH", "Co", "Group", "", "", "", "")

CITIES = (
    ("San Francisco", "CA", "94105", "US"),
    ("New York", "NY", "10001", "US"),
    ("Austin", "TX", "73301", "US"),
    ("Chicago", "IL", "60601", "US"),
    ("Seattle", "WA", "98101", "US"),
    ("Denver", "CO", "80202", "US"),
    ("Boston", "MA", "02108", "US"),
    ("Toronto", "ON", "M5H 2N2", "CA"),
    ("London", None, "EC1A 1BB", "GB"),
    ("Berlin", None, "10115", "DE"),
    ("Paris", None, "75001", "FR"),
    ("Tallinn", None, "10111", "EE"),
)

STREETS = ("Main St", "Market St", "2nd Ave", "Elm St", "Harbor Rd", "Mill Ln", "Park Blvd")

JOB_TITLES = (
    "CEO", "CTO", "VP Sales", "Head of Marketing", "Account Executive", "Engineer",
    "Product Manager", "Office Manager", "Procurement Lead", "Data Analyst", None,
)  # fmt: skip
