"""The words of the demo business: products, messages, notes. Plain data, no logic.

Placeholders: {first} the contact's first name, {rep} the member's first name, {item} a
product or service, {price} its price, {day} a weekday, {company} the contact's company.
"""

from __future__ import annotations

BUSINESS_NAME = "Harbor Bikes & Outdoor"
EMAIL_DOMAIN = "harborbikes.test"

# Each topic is what a contact came to us for; members own the topics that match their skills.
ITEMS: dict[str, list[tuple[str, int]]] = {
    "ebike": [
        ("Volt commuter e-bike", 2890),
        ("Cove cargo e-bike", 4650),
        ("Tidewater step-through e-bike", 2390),
        ("Harbor Trail e-MTB", 4190),
    ],
    # Workshop customers: the item is their bike, the price what the work costs.
    "service": [
        ("road bike", 149),
        ("commuter bike", 229),
        ("mountain bike", 189),
        ("gravel bike", 260),
    ],
    "outdoor": [
        ("Lakeline 2-person tent", 389),
        ("three-season sleeping bag", 249),
        ("touring pannier set", 310),
        ("bikepacking frame bag", 145),
    ],
    "kids": [
        ("20-inch kids' bike", 429),
        ("balance bike", 179),
        ("24-inch trail bike", 649),
        ("16-inch kids' bike", 329),
    ],
    "fleet": [
        ("rental fleet of twelve city bikes", 18600),
        ("two delivery cargo bikes", 9200),
        ("staff commuter bike scheme", 14400),
        ("fleet service contract", 3600),
    ],
}

# (subject, their question, our answer) — first contact from a prospect.
INQUIRIES: dict[str, list[tuple[str, str, str]]] = {
    "ebike": [
        (
            "Range on the {item}?",
            "Hi, I'm looking at the {item} for my commute. It's about 9 miles each way with "
            "one long hill. What range do people actually get?\n\nThanks, {first}",
            "Hi {first},\n\nMost riders get 35 to 45 miles in the middle assist level, so your "
            "commute is comfortable on one charge, hill included. Come and try one on your "
            "route if you like — I can have it ready {day}.\n\n{rep}",
        ),
        (
            "Test ride",
            "Hello, can I test ride the {item} this week? I'm free most afternoons. {first}",
            "Hi {first}, of course. {day} afternoon works here — anytime after 1. Bring your "
            "own helmet if you have one, we have loaners too.\n\n{rep}",
        ),
        (
            "Financing",
            "Hi, do you offer payment plans on the {item}? ${price} is a lot in one go. {first}",
            "Hi {first},\n\nYes: 12 months at 0% through our lender, decided in a few minutes "
            "at the counter. Happy to go through the numbers with you — no pressure either "
            "way.\n\n{rep}",
        ),
    ],
    "service": [
        (
            "How long for a tune-up?",
            "Hi, how long does a full tune-up take at the moment? I ride my {item} to work so "
            "I can't be without it for long. {first}",
            "Hi {first}, right now it's two working days. If you drop it off first thing we "
            "can usually have it back the same evening — just tell us when you book.\n\n{rep}",
        ),
        (
            "Brakes squealing",
            "Hello, the disc brakes on my {item} have started squealing. Is that something you can "
            "look at quickly or do I need a full service? {first}",
            "Hi {first}, it's often just the pads or a bit of contamination — a 20-minute job. "
            "Bring it by any weekday morning and we'll look while you wait.\n\n{rep}",
        ),
        (
            "Service plan question",
            "Hi, what does the annual service plan cover exactly? Are parts included? {first}",
            "Hi {first},\n\nThe plan covers two full services a year, all labour, and 10% off "
            "parts. Cables and brake pads are included; tyres and chains are not.\n\n{rep}",
        ),
    ],
    "outdoor": [
        (
            "Tent for a bike tour",
            "Hi, I'm planning two weeks on the coast route in June. Is the {item} light "
            "enough to carry on the bike? {first}",
            "Hi {first}, it packs to 1.9 kg and rides well on a rear rack. For June on the "
            "coast I'd add the footprint — the campsites there are sandy.\n\n{rep}",
        ),
        (
            "Sizing",
            "Hello, does the {item} come in a long size? I'm 6'3\". {first}",
            "Hi {first}, yes, there's a long version that fits up to 6'6\". We have one in the "
            "store if you want to lie in it before you buy.\n\n{rep}",
        ),
        (
            "Still in stock?",
            "Hi, is the {item} still in stock? I can come by {day}. {first}",
            "Hi {first}, we have two left. I've put one aside with your name on it until "
            "{day} evening.\n\n{rep}",
        ),
    ],
    "kids": [
        (
            "Which size for an 8-year-old?",
            "Hi, my son is 8 and about 4'2\". We liked the {item} — which size should we "
            "look at? {first}",
            "Hi {first}, at 4'2\" he's between the 16-inch and 20-inch sizes; I'd go 20-inch "
            "so he has room to grow. Bring him in and we'll set the saddle height on the "
            "spot.\n\n{rep}",
        ),
        (
            "Birthday present",
            "Hello, I'd like to buy the {item} as a birthday present. Can you hold it until "
            "the weekend and assemble it? {first}",
            "Hi {first}, happy to. It'll be built, checked and waiting for you from Friday, "
            "with a bow if you want one.\n\n{rep}",
        ),
        (
            "School bike club",
            "Hi, our school is starting a bike club. Do you do group prices on the {item}? {first}",
            "Hi {first},\n\nWe do — 15% off for ten or more, and we'll come to the school "
            "for a free safety check day. Shall I send a short proposal?\n\n{rep}",
        ),
    ],
    "fleet": [
        (
            "Bikes for {company}",
            "Hi, we're looking at a {item} for {company}. Could you send an idea of price "
            "and lead time? {first}",
            "Hi {first},\n\nFor the {item} we're looking at about ${price} and four to five "
            "weeks from order. I'll send a proper quote once we've agreed sizes.\n\n{rep}",
        ),
        (
            "Service contract",
            "Hello, our current bike supplier has stopped doing maintenance. Could you take "
            "over servicing for {company}? {first}",
            "Hi {first}, yes. We'd visit monthly, keep a log per bike, and fix anything "
            "urgent within two working days. Can we walk round the fleet next week?\n\n{rep}",
        ),
    ],
}

# (subject, their complaint, our reply) — a customer with a problem.
PROBLEMS: dict[str, list[tuple[str, str, str]]] = {
    "ebike": [
        (
            "Battery not charging",
            "Hi, the battery on my {item} stopped charging. The light on the charger just "
            "blinks red. {first}",
            "Hi {first}, sorry about that. A blinking red light usually means the charger, "
            "not the battery. Bring both in and we'll swap the charger on the spot if that's "
            "it.\n\n{rep}",
        ),
        (
            "Motor noise",
            "Hello, there's a clicking from the motor on my {item} when I start up a hill. "
            "It's under warranty I think? {first}",
            "Hi {first}, yes, you're covered. Can you drop it in {day}? If it needs a part "
            "we'll lend you a bike while it's here.\n\n{rep}",
        ),
    ],
    "service": [
        (
            "Gears still slipping",
            "Hi, I picked up my {item} on Saturday after the service but the gears are still "
            "slipping in the middle of the cassette. {first}",
            "Hi {first}, that shouldn't happen after a service — sorry. Bring it back "
            "whenever suits you and we'll sort it while you wait, no charge.\n\n{rep}",
        ),
        (
            "Bill higher than quoted",
            "Hello, I was quoted $150 and charged $214. Nobody called me about extra work. {first}",
            "Hi {first},\n\nYou're right, we should have called before replacing the chain. "
            "I've refunded the $64 to your card today. I'm sorry.\n\n{rep}",
        ),
    ],
    "outdoor": [
        (
            "Zip broke on first trip",
            "Hi, the main zip on the {item} broke on the first night out. Not great in the "
            "rain. {first}",
            "Hi {first}, I'm sorry, that's a miserable first trip. We'll replace it outright "
            "— bring it back or I can send the new one out today.\n\n{rep}",
        ),
    ],
    "kids": [
        (
            "Training wheels",
            "Hi, the training wheels you fitted on the {item} keep coming loose. {first}",
            "Hi {first}, sorry — they need a different washer on that frame. Come by any "
            "time and it's a five-minute fix.\n\n{rep}",
        ),
    ],
    "fleet": [
        (
            "Three bikes off the road",
            "Hi, three of our bikes have flat tyres again this week. Guests are "
            "complaining. Can someone come out? {first}",
            "Hi {first}, sorry about this. I'll have someone there tomorrow morning, and "
            "we'll fit puncture-resistant tyres on the whole fleet at our cost.\n\n{rep}",
        ),
    ],
}

MEETINGS: dict[str, list[str]] = {
    "ebike": ["Test ride: {item}", "E-bike fitting", "Range and charging walk-through"],
    "service": ["Workshop drop-off", "Bike check while you wait", "Service pickup"],
    "outdoor": ["Kit check before the trip", "Tent pitch demo", "Fitting for the {item}"],
    "kids": ["Kids' bike fitting", "School club safety day", "Pickup: {item}"],
    "fleet": ["Fleet review with {company}", "Site visit at {company}", "Quarterly check-in"],
}

CALL_NOTES = [
    "Talked through the {item}. Wants to think it over and come in {day}.",
    "Happy with the {item} so far. Had a question about care and storage.",
    "Quick call: confirmed sizes and the delivery window.",
    "Asked about the {item} price; explained what's included.",
    "Caught them between meetings. Call back next week.",
    "Good chat. They're comparing with another shop, mainly on price.",
]

VOICEMAIL_OUT = [
    "Left a message about the {item}; asked them to call back.",
    "Voicemail: checking in, no need to call back unless there's a problem.",
    "Left a message offering {day} for the test ride.",
]

QUOTE = (
    "Quote: {item}",
    "Hi {first},\n\nAs promised, the quote for the {item}: ${price}, including setup and "
    "the first service. It's valid for 30 days.\n\nAny questions, just reply.\n\n{rep}",
)

QUOTE_QUESTIONS = [
    (
        "Can you do a bit better on the price? The shop across town is about $150 less. {first}",
        "Hi {first}, I can't match that, but I can include a lock and lights worth $120, "
        "and our first service is free. Your call — no hard feelings either way.\n\n{rep}",
    ),
    (
        "Thanks. Is delivery included or do I pick it up? {first}",
        "Hi {first}, either — delivery is free within 10 miles. Just tell me which day "
        "suits.\n\n{rep}",
    ),
    (
        "Looks good. How soon could you have it ready? {first}",
        "Hi {first}, three working days from your go-ahead. I'll message when it's built.\n\n{rep}",
    ),
]

QUOTES: dict[str, tuple[str, str]] = {
    "service": (
        "Quote: work on your {item}",
        "Hi {first},\n\nAs promised, the quote for the work on your {item}: ${price} for parts "
        "and labour. We'll call before doing anything beyond it.\n\n{rep}",
    ),
}

NUDGE = "Hi {first}, just checking the quote for the {item} reached you. No rush. — {rep}"

READY = [
    (
        "Hi {first}, your {item} is ready. We're open until 6. — {rep}",
        "Great, I'll be there around 5. Thanks!",
        "See you then, {first}.",
    ),
    (
        "Hi {first}, all done — the bike is ready to collect. — {rep}",
        "Can I come Saturday instead?",
        "Saturday is fine, we're open 9 to 4.",
    ),
]

SERVICE_BOOKING = [
    (
        "Service",
        "Hi, could you fit my bike in for a service next week? {first}",
        "Hi {first}, {day} at 9 works. We'll call if we find anything beyond the service.\n\n{rep}",
    ),
    (
        "Booking",
        "Hello, the bike needs its 6-week check. When can I bring it? {first}",
        "Hi {first}, any morning this week. It takes about half an hour.\n\n{rep}",
    ),
]

MEETING_NOTES = [
    "Went well. The {item} suits them; deciding by {day}.",
    "Good visit. Went through options and sizes; sending a quote.",
    "Went through setup and care together. Happy with it.",
    "Walked through the {item} together. Wants a second look with their partner.",
]

MEETING_CANCELLED = "They called the day before to cancel; will rebook."
MEETING_RESCHEDULED = "Moved to next week at their request."
NO_SHOW_REPLY = "So sorry, completely forgot! Could we try {day} instead?"
NO_SHOW_CONFIRM = "No problem at all — {day} it is. See you then."
THANKS_REPLY = "Thanks, {day} works for me."
THANKS_CONFIRM = "Great, see you {day}."
PROBLEM_CALL = "Called to check it's sorted. All good now."

CHECK_IN_NOTES = [
    "Asked how the {item} is working out. All good so far.",
    "Check-in after the purchase; everything working, they're happy.",
    "Asked how the first weeks with the {item} went; one small adjustment to make.",
]

NO_SHOW_FOLLOW_UP = (
    "Hi {first}, we missed you today — hope all's well. Want to pick another time? — {rep}"
)

PURCHASE_TITLES = {
    "fleet": "Order signed: {item}",
    "service": "Service plan sign-up",
}
PURCHASE_TITLE = "Pickup: {item}"

PURCHASE_NOTES: dict[str, list[str]] = {
    "service": [
        "Signed up for the annual service plan for the {item}.",
        "Paid for the first service on the {item}; next one booked in six months.",
    ],
    "fleet": ["Signed off the order for the {item}.", "Order confirmed; delivery in five weeks."],
}
PURCHASE_NOTE = [
    "Bought the {item}. Set up and fitted in store.",
    "Collected the {item}. Paid in full; first check-up booked in six weeks.",
]

INTERNAL_NOTES = [
    "Prefers texts to calls during the day.",
    "Works shifts; mornings are best.",
    "Mentioned a friend who might want a cargo bike.",
    "Interested in the spring group ride.",
    "Partner also rides; ask about a second bike later.",
]

LOST_REASONS = [
    ("Price", "Found the same bike online for about $300 less.", False),
    ("Chose a competitor", "Went with Ridgeway Cycles — closer to home.", False),
    ("Decided to do nothing", "Keeping the old bike one more season.", False),
    ("Did not need it", "Their company dropped the commuter scheme.", False),
    ("We did not do what we promised", "The service took two weeks instead of two days.", True),
    ("Our staff failed to perform", "Nobody called back about the warranty claim.", True),
    ("Misunderstood what they bought", "Expected 80 miles of range from the e-bike.", True),
]

LOST_MESSAGES = [
    (
        "Decision",
        "Hi {rep}, thanks for your help, but we've decided not to go ahead for now. {first}",
        "Hi {first}, thanks for letting me know — I appreciate it. If you have a minute, "
        "what tipped the decision? It helps us get better.\n\n{rep}",
    ),
    (
        "Cancelling",
        "Hello, please cancel my service plan. {first}",
        "Hi {first}, done — you won't be charged again. Would you tell me why? Whatever "
        "the reason, I'd like to hear it.\n\n{rep}",
    ),
]

DO_NOT_CONTACT_NOTE = "Asked us not to contact them again. Marked do-not-contact."

# Messages still waiting for an answer when the demo starts: (kind, subject, body).
PENDING: dict[str, list[tuple[str, str, str]]] = {
    "ebike": [
        ("email", "Delivery date?", "Hi {rep}, any news on when the {item} arrives? {first}"),
        ("message", "", "Hi, it's {first}. Is the {item} still on for Saturday?"),
    ],
    "service": [
        ("message", "", "Hi, {first} here. Is my bike ready yet?"),
        (
            "email",
            "Quote for the wheel",
            "Hi, could you send the quote for the back wheel on my {item}? {first}",
        ),
    ],
    "outdoor": [
        ("email", "Return", "Hello, can I return the {item}? It's unused, tags on. {first}"),
        ("message", "", "Hi {rep}, do you still have the {item} in green? {first}"),
    ],
    "kids": [
        ("email", "Club order", "Hi {rep}, could we add two more helmets to the order? {first}"),
        ("message", "", "Hi, it's {first}. What time do you close on Saturday?"),
    ],
    "fleet": [
        (
            "email",
            "Invoice question",
            "Hi {rep}, the last invoice for {company} shows two services we didn't have. "
            "Could you check? {first}",
        ),
    ],
}

PENDING_VOICEMAILS = [
    "Voicemail: {first} calling about the {item}. Please call back after 4.",
    "Voicemail: {first} asking whether the order has shipped. Call back on the mobile.",
    "Voicemail: {first} wants to move the appointment on {day}.",
]

HEATED = [
    (
        "Still waiting",
        "This is the third time I've asked about the {item}. You promised it last week and "
        "nobody has called me. I'm done waiting. {first}",
    ),
    (
        "Not acceptable",
        "The {item} has gone back to you twice this month and it's still not right. Nobody "
        "answers the phone. I want this sorted today. {first}",
    ),
]

FIRST_NAMES = [
    "Aaron", "Abby", "Adrian", "Aisha", "Alan", "Alex", "Alicia", "Amara", "Andre", "Angela",
    "Ben", "Bianca", "Brandon", "Brooke", "Caleb", "Carla", "Carlos", "Chen", "Chloe", "Chris",
    "Daniel", "Dana", "Darius", "Deepa", "Diego", "Elena", "Eli", "Emily", "Emma", "Erin",
    "Farah", "Felix", "Fiona", "Gabe", "Grace", "Hana", "Hector", "Holly", "Ian", "Imani",
    "Isaac", "Ivy", "Jack", "Jamal", "Jana", "Jason", "Jenna", "Joel", "Jordan", "Julia",
    "Kai", "Karen", "Keisha", "Kevin", "Kim", "Laura", "Leo", "Lily", "Luis", "Maria",
    "Marcus", "Maya", "Mei", "Miguel", "Nadia", "Nathan", "Nia", "Noah", "Olivia", "Omar",
    "Owen", "Paula", "Quinn", "Rachel", "Raj", "Rosa", "Ryan", "Sara", "Sean", "Sofia",
    "Tariq", "Tessa", "Theo", "Tina", "Victor", "Wendy", "Will", "Yara", "Yusuf", "Zoe",
]  # fmt: skip

LAST_NAMES = [
    "Adams", "Ahmed", "Alvarez", "Baker", "Bennett", "Brooks", "Campbell", "Castro", "Chang",
    "Clarke", "Cohen", "Collins", "Cruz", "Das", "Diaz", "Doyle", "Edwards", "Ellis", "Evans",
    "Fischer", "Flores", "Foster", "Garcia", "Gomez", "Grant", "Gupta", "Hall", "Hayes",
    "Hughes", "Ito", "Jensen", "Johnson", "Kaur", "Kelly", "Khan", "Kim", "Larsen", "Lee",
    "Lopez", "Martin", "Mendez", "Meyer", "Miller", "Moreno", "Murphy", "Nakamura", "Nguyen",
    "Novak", "O'Brien", "Ortiz", "Park", "Patel", "Perez", "Price", "Quinn", "Ramos", "Reed",
    "Reyes", "Rossi", "Russo", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Stone",
    "Sullivan", "Tanaka", "Torres", "Tran", "Turner", "Vargas", "Walsh", "Ward", "Weber",
    "Wong", "Wright", "Young", "Zhang",
]  # fmt: skip

# (company, topic, titles) — businesses that buy from us.
COMPANIES: list[tuple[str, str, list[str]]] = [
    ("Pier 9 Hotel", "fleet", ["Guest services manager", "General manager"]),
    ("Greenway Couriers", "fleet", ["Operations lead", "Fleet coordinator"]),
    ("Bayside Bakery", "fleet", ["Owner"]),
    ("Westpoint Property Management", "fleet", ["Facilities manager"]),
    ("Tidal Tours", "fleet", ["Tour operator", "Bookings"]),
    ("Portside Logistics", "fleet", ["HR manager", "Wellbeing lead"]),
    ("Old Mill Brewing", "ebike", ["Co-founder"]),
    ("Maple & Co Architects", "ebike", ["Office manager", "Partner"]),
    ("Cedar Street Cafe", "service", ["Owner"]),
    ("Riverside Community College", "service", ["Sustainability officer"]),
    ("Summit Physio", "service", ["Clinic manager"]),
    ("Northshore Elementary", "kids", ["PE teacher", "PTA chair"]),
    ("Lakeview Scouts", "kids", ["Troop leader"]),
    ("Bluebird Daycare", "kids", ["Director"]),
    ("Westside Cycling Club", "kids", ["Youth coach", "Treasurer"]),
    ("Ironwood Triathlon Club", "outdoor", ["Club secretary"]),
    ("Trailhead Adventures", "outdoor", ["Guide", "Owner"]),
    ("Coastline Outdoor School", "outdoor", ["Program director"]),
]

REFERRAL_PARTNERS = [
    "Coastline Physio (Dr. Ana Ruiz)",
    "Bay Triathlon Club",
    "Ridgeline Realty",
    "Harbor Running Club",
]
