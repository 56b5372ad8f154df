"""Words for the scale data set: names, companies and timeline text (plain data)."""

# fmt: off

FIRST_NAMES = [
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
    "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily",
    "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
    "Dorothy", "George", "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie", "Edward",
    "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia", "Jacob", "Kathleen",
    "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna", "Stephen",
    "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
    "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra",
    "Frank", "Rachel", "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis",
    "Maria", "Jerry", "Heather", "Tyler", "Diane", "Aaron", "Ruth", "Jose", "Julie", "Adam",
    "Olivia", "Nathan", "Joyce", "Henry", "Virginia", "Douglas", "Victoria", "Zachary", "Kelly",
    "Peter", "Lauren", "Kyle", "Christina", "José", "Zoë", "Søren", "Łukasz", "Chloé", "Anaïs",
    "François", "Müge", "Björn", "Ingrid", "Sven", "Astrid", "Mateo", "Lucía", "Sofía", "Diego",
    "Valentina", "Mohammed", "Fatima", "Aisha", "Omar", "Yusuf", "Layla", "Wei", "Mei", "Hiroshi",
    "Yuki", "Sakura", "Kenji", "Priya", "Arjun", "Ananya", "Rahul", "Olga", "Dmitri", "Anastasia",
    "Ivan", "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Hans", "Greta", "Lars", "Freya",
    "Niamh", "Siobhán", "Oisín", "Dana", "Reyes", "Kwame", "Ama", "Chidi", "Ngozi", "Thanh",
    "Linh", "Minh", "Jae", "Eun", "Ji-woo", "Tomás", "Inês",
]

LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
    "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz",
    "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy",
    "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed",
    "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez",
    "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
    "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell",
    "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
    "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander",
    "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes",
    "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray",
    "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods",
    "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker",
    "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Muñoz", "Hunt", "Hicks", "Holmes", "Palmer",
    "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills",
    "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto",
    "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins",
    "Arnold", "Pierce", "Hansen", "Peters", "Santos", "Hart", "Bradley", "Knight", "Elliott",
    "Müller", "Schneider", "Fischer", "Weber", "Becker", "Schäfer", "Koch", "Richter", "Wolf",
    "Schröder", "Neumann", "Zimmermann", "Krüger", "Núñez", "Peña", "Ibáñez", "Gómez", "Martín",
    "Sáez", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Rousseau", "Fontaine", "Nowak",
    "Kowalski", "Wiśniewski", "Lewandowski", "Novák", "Dvořák", "Jensen", "Nielsen", "Andersen",
    "Larsen", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Virtanen", "Korhonen", "O'Brien",
    "O'Connor", "O'Neill", "McCarthy", "Byrne", "Doyle", "Kavanagh", "Tanaka", "Suzuki",
    "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Sato", "Wang", "Li", "Zhang",
    "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He",
    "Lin", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Singh", "Kumar", "Sharma",
    "Gupta", "Shah", "Mehta", "Iyer", "Reddy", "Nair", "Rao", "Das", "Okafor", "Mensah", "Boateng",
    "Adeyemi", "Okonkwo", "Abubakar", "Haddad", "Khalil", "Nasser", "Farah", "Aziz", "Hussein",
    "Rahman", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Petrov", "Volkov", "Sokolov", "Lebedev",
    "Kozlov", "Van der Berg", "De Jong", "Bakker", "Visser", "Janssen", "De Vries", "Van Dijk",
    "Smit", "Meijer",
]

COMPANY_FIRST = [
    "Acme", "Northwind", "Blue", "Harbor", "Silver", "Summit", "Red", "Oak", "Granite", "Bright",
    "Cedar", "Maple", "Pioneer", "Evergreen", "Golden", "Iron", "Crystal", "Coastal", "Prairie",
    "Alpine", "Riverside", "Lakeside", "Highland", "Sunrise", "Atlas", "Orion", "Nova", "Vertex",
    "Apex", "Pinnacle", "Keystone", "Cornerstone", "Liberty", "Heritage", "Frontier", "Horizon",
    "Meridian", "Beacon", "Harbor", "Compass", "Anchor", "Lighthouse", "Falcon", "Eagle", "Hawk",
    "Fox", "Bear", "Wolf", "Lion", "Tiger", "Otter", "Willow", "Birch", "Aspen", "Juniper", "Sage",
    "Clover", "Thistle", "Heather", "Fern", "Moss", "Ivy", "Quartz", "Cobalt", "Copper", "Amber",
    "Onyx", "Jade", "Ruby", "Sapphire", "Emerald", "Indigo", "Crimson", "Scarlet", "Azure",
    "Polar", "Arctic", "Tundra", "Canyon", "Mesa", "Delta", "Bayou", "Harborview", "Westfield",
    "Eastgate", "Northgate", "Southbridge", "Kingsley", "Ashford", "Bradford", "Carlton",
    "Dunmore", "Fairview", "Glenwood", "Hartley", "Kensington", "Langley", "Milford", "Newbury",
    "Oakridge", "Pembroke", "Queensway", "Rutherford", "Stratford", "Thornton", "Upton", "Vernon",
    "Whitmore", "Yardley", "Zenith", "Müller", "Schäfer", "Lindqvist", "Nakagawa", "Okoro",
    "Duarte", "Moreau",
]

COMPANY_SECOND = [
    "Tools", "Supply", "Logistics", "Foods", "Bikes", "Dental", "Labs", "Design", "Builders",
    "Motors", "Analytics", "Systems", "Solutions", "Partners", "Consulting", "Electric",
    "Plumbing", "Roofing", "Landscaping", "Bakery", "Brewing", "Coffee", "Outfitters", "Apparel",
    "Furniture", "Interiors", "Print", "Media", "Marketing", "Software", "Robotics", "Energy",
    "Solar", "Water", "Health", "Clinic", "Pharmacy", "Fitness", "Studio", "Travel", "Events",
    "Catering", "Florists", "Garden", "Hardware", "Metals", "Plastics", "Packaging", "Textiles",
    "Optics", "Audio", "Marine", "Aviation", "Freight", "Storage", "Realty", "Insurance",
    "Capital", "Accounting", "Legal", "Security", "Cleaning", "Staffing", "Education", "Learning",
    "Pets", "Veterinary", "Toys", "Games", "Books", "Music", "Art", "Gallery", "Jewelry",
    "Cosmetics", "Wellness", "Organics", "Farms", "Vineyards",
]

COMPANY_SUFFIX = [
    "", "", "", "Inc.", "LLC", "Ltd", "GmbH", "Co.", "& Sons", "Group", "AG", "SARL",
]

FREE_MAIL = [
    "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "web.de",
]

TLDS = [
    "com", "com", "com", "co.uk", "de", "fr", "io", "net", "ca", "com.au",
]

TITLES = [
    "Owner", "Founder", "CEO", "COO", "CFO", "Buyer", "Purchasing Manager", "Office Manager",
    "Operations Manager", "Head of Procurement", "Store Manager", "Practice Manager",
    "Marketing Director", "IT Manager", "Facilities Manager", "Accounts Payable Clerk",
    "General Manager", "Director", "Project Manager", "Engineer", "Designer",
]

TIMEZONES = [
    "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Berlin",
    "Europe/Paris", "Asia/Tokyo", "Australia/Sydney",
]

SUBJECTS = {
    "email": [
        "Quote for the spring order", "Re: delivery date", "Invoice question", "Following up",
        "Pricing for 200 units", "Where is my order?", "Thank you!", "Meeting notes",
        "Re: your proposal", "Returns policy", "Catalogue request", "Change of address",
        "Re: Re: sample kit", "New product line", "Renewal next month", "Payment received",
    ],
    "message": [
        "Running 10 min late", "Can you call me?", "Got the parcel, thanks", "Quick question",
        "Is the shop open Saturday?", "Sent the PO", "Photo of the damage", "Thanks!",
    ],
    "call": [
        "Check-in call", "Callback about pricing", "Order status", "Intro call",
        "Delivery problem", "Renewal call", "Follow-up on quote",
    ],
    "meeting": [
        "Product demo", "Quarterly review", "Site visit", "Lunch", "Contract walkthrough",
        "Onboarding session",
    ],
    "note": [
        "Prefers email after 5pm", "Budget approved for Q3", "Talked to their accountant",
        "Birthday next week", "Competitor offered 10% off", "Wants coaching on setup",
    ],
}
BODIES = [
    "Thanks for getting back to me so quickly.",
    "Could you send the updated figures when you have a minute?",
    "We had a good talk about next season's volumes and their storage limits.",
    "They asked whether the delivery can be split over two weeks.",
    "Left a short message, will try again tomorrow morning.",
    "Happy with the samples; waiting for the owner to sign off.",
    "The invoice had the old address; I promised to send a corrected copy.",
    "",
]

# fmt: on
