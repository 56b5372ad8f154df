# ruff: noqa: E501
"""The guard's phrase lists and patterns, in one readable place.

Everything here is written by hand from general knowledge of customer messages; nothing is
derived from a labeled data set row by row. Patterns are case-insensitive regular
expressions matched on the raw text. A weight is how much a cue counts towards a score.

To tune the guard, edit this file: the scorer in ``inbound.py`` and the draft rules in
``draft.py`` read these tables and carry no phrase lists of their own.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------
# Inbound analysis: the lexicon scorer (VADER-style; the word valences come from the
# VADER lexicon shipped by the vaderSentiment package, MIT licence).
# ---------------------------------------------------------------------------

#: Words that flip the valence of the sentiment words shortly after them.
NEGATORS: Final = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "nowhere",
        "neither",
        "nor",
        "cannot",
        "cant",
        "can't",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "didnt",
        "didn't",
        "isnt",
        "isn't",
        "wasnt",
        "wasn't",
        "werent",
        "weren't",
        "arent",
        "aren't",
        "wont",
        "won't",
        "wouldnt",
        "wouldn't",
        "shouldnt",
        "shouldn't",
        "couldnt",
        "couldn't",
        "hasnt",
        "hasn't",
        "havent",
        "haven't",
        "hadnt",
        "hadn't",
        "aint",
        "ain't",
        "without",
        "rarely",
        "seldom",
        "hardly",
    ]
)

#: Degree adverbs: positive ones strengthen the next sentiment word, negative ones soften it.
BOOSTERS: Final[dict[str, float]] = {
    **dict.fromkeys(
        [
            "absolutely",
            "amazingly",
            "awfully",
            "completely",
            "deeply",
            "entirely",
            "especially",
            "exceptionally",
            "extremely",
            "fully",
            "greatly",
            "highly",
            "hugely",
            "incredibly",
            "intensely",
            "particularly",
            "quite",
            "really",
            "remarkably",
            "so",
            "substantially",
            "thoroughly",
            "totally",
            "truly",
            "tremendously",
            "unbelievably",
            "utterly",
            "very",
            "super",
            "seriously",
            "fucking",
            "freaking",
            "frigging",
            "effing",
        ],
        0.293,
    ),
    **dict.fromkeys(
        [
            "almost",
            "barely",
            "slightly",
            "somewhat",
            "kinda",
            "sorta",
            "partly",
            "marginally",
            "little",
        ],
        -0.293,
    ),
}

#: Valence overrides for words the general lexicon scores in a way that misleads on
#: customer messages ("please" is a courtesy, not praise; "help" is a request).
LEXICON_OVERRIDES: Final[dict[str, float]] = {
    "please": 0.0,
    "joke": -1.5,
    "joking": -1.0,
    "kidding": -1.0,
    "help": 0.0,
    "helping": 0.0,
    "like": 0.0,  # "like I said", "looks like"
    "yes": 0.3,
    "ok": 0.0,
    "okay": 0.0,
    "pretty": 0.0,  # usually a degree word: "pretty bad"
    "well": 0.0,
    "want": 0.0,
    "wants": 0.0,
    "thank": 1.5,
    "thanks": 1.5,
    "thx": 1.5,
    "ty": 1.0,
    "appreciated": 2.0,
    "kudos": 2.0,
    "delayed": -1.6,
    "delay": -1.4,
    "delays": -1.4,
    "cancelled": -1.6,
    "canceled": -1.6,
    "stranded": -2.0,
    "stuck": -1.5,
    "unacceptable": -2.5,
    "ridiculous": -2.0,
    "refund": -0.6,
    "broken": -1.8,
    "damaged": -1.8,
    "missing": -1.2,
    "lost": -1.4,
    "waiting": -0.4,
    "worst": -3.1,
    "rude": -2.0,
    "incompetent": -2.4,
    "useless": -2.2,
    "disappointing": -2.2,
    "disappointed": -2.2,
    "frustrating": -2.2,
    "frustrated": -2.2,
    "slow": -1.0,  # "slow delivery", "so slow to reply"
    # Names and the nouns of customer service, not sentiment: "United" (an airline, a
    # country, a football club), "customer care", "customer support", "credit card",
    # "order number", "reward points", "in-flight entertainment", "a third party", "a loyal
    # customer" (said mostly by one about to complain); "&gt;" read as a word.
    "united": 0.0,
    "care": 0.0,
    "support": 0.0,
    "credit": 0.0,
    "number": 0.0,
    "reward": 0.0,
    "rewards": 0.0,
    "entertainment": 0.0,
    "party": 0.0,
    "loyal": 0.0,
    "gt": 0.0,
    "lt": 0.0,
    "free": 0.5,  # "feel free to", "free of charge", "toll-free"
}

# ---------------------------------------------------------------------------
# Inbound analysis: complaint cues. Each is (id, weight, pattern). The id is what the
# analysis reports in ``reasons`` so a member can see why a message was read as unhappy.
# ---------------------------------------------------------------------------

COMPLAINT_CUES: Final[tuple[tuple[str, float, str], ...]] = (
    (
        "late",
        1.0,
        r"\b(?:delay(?:ed|s)?|running late|(?:is|was|are|were|arrived|been|so|very|hours?|days?) late|late (?:again|delivery|arrival|flight|order|shipment))\b",
    ),
    ("cancelled", 1.0, r"\bcancel+(?:ed|ing|ation|ations)\b"),
    (
        "not-arrived",
        1.2,
        r"\b(?:never|still(?: has(?:n't| not)| hasn't| have(?:n't| not))?|has(?:n't| not)|did(?:n't| not)|not yet|yet to be) (?:arrived?|received?|come|came|got(?:ten)?|delivered|shipped|turned up|showed up)\b",
    ),
    (
        "still-no",
        1.0,
        r"\bstill (?:no|not|nothing|waiting|haven't|hasn't|can't|cannot|don't|doesn't|isn't|broken|missing|stuck|on hold)\b",
    ),
    (
        "waiting-long",
        1.0,
        r"\b(?:wait(?:ed|ing)?|on hold|hold(?:ing)?|sat|sitting|stuck)\b[^.!?\n]{0,25}?\b(?:\d+|an?|two|three|four|five|six|several|many|over an?) (?:hours?|hrs?|days?|weeks?|months?|minutes?|mins?)\b",
    ),
    (
        "on-hold",
        0.8,
        r"\b(?:on hold|hold music|put me on hold|kept me on hold|hung up|disconnected)\b",
    ),
    (
        "no-answer",
        1.0,
        r"\b(?:no one|nobody|noone|no-one) (?:is |has |will |can |ever )?(?:answer|answered|answering|respond|responded|responding|replied|called|calls|helps?|helped|cares?|picks? up|got back|gets back)\b|\bno (?:response|reply|answer|call back|callback|help|updates?|information|info)\b|\b(?:never|didn't|did not|haven't|have not) (?:heard back|got a (?:reply|response|call)|received a (?:reply|response|call)|called (?:me )?back|gotten back)\b",
    ),
    (
        "broken",
        1.0,
        r"\b(?:broken|damaged|defective|faulty|cracked|smashed|ripped|torn|stopped working|not working|doesn't work|does not work|didn't work|won't work|won't (?:start|load|open|turn on)|keeps? (?:crashing|failing|breaking)|crash(?:es|ed|ing)?)\b",
    ),
    ("lost", 1.0, r"\b(?:lost|missing|misplaced|can't find|cannot find|never (?:found|located))\b"),
    (
        "money",
        0.7,
        r"\b(?:refund|overcharged|double[- ]charged|charged (?:me )?(?:twice|again|for)|hidden fees?|extra fee|money back|reimburse(?:ment)?|compensation|chargeback|dispute)\b",
    ),
    (
        "bad-service",
        1.0,
        r"\b(?:rude|unhelpful|incompetent|unprofessional|ignored|ignoring|hung up on|lied|lying|misled|scam(?:med)?|rip[- ]?off|ripped off)\b",
    ),
    (
        "strong-negative",
        1.2,
        r"\b(?:worst|terrible|horrible|awful|unacceptable|ridiculous|disgusting|disgrace(?:ful)?|pathetic|useless|appalling|atrocious|shameful|joke|nightmare|fiasco|mess|fail(?:ed|s|ure)?|epic fail|a shambles)\b",
    ),
    (
        "disappointed",
        1.0,
        r"\b(?:disappoint(?:ed|ing|ment)|let (?:me|us) down|frustrat(?:ed|ing|ion)|annoy(?:ed|ing)|upset|not happy|unhappy|not impressed|not satisfied|dissatisfied|fed up|sick (?:and tired )?of|tired of|had enough|not ok(?:ay)?|not good enough|not acceptable|(?:i|we) (?:expected|expect|deserve|deserved) (?:better|more)|expected better)\b",
    ),
    (
        "again",
        0.5,
        r"\b(?:again|yet again|another|every time|third time|second time|(?:two|three|four|five) times)\b",
    ),
    (
        "stranded",
        1.0,
        r"\b(?:stranded|stuck|missed (?:my |our |the )?(?:connection|flight|appointment|deadline|meeting)|miss(?:ed)? (?:my|our) (?:connection|flight))\b",
    ),
    (
        "why-problem",
        0.5,
        r"\bwhy (?:is|are|was|were|does|do|did|has|have|can't|cannot|won't|isn't|aren't|wasn't|hasn't|haven't|didn't|don't|doesn't|would|should|the hell)\b",
    ),
    (
        "demand",
        0.6,
        r"\b(?:fix (?:this|it)|sort (?:this|it) out|i (?:want|demand|expect|need) (?:a |my |an )?(?:refund|answer|explanation|manager|supervisor|compensation|money)|speak to (?:a |your )?(?:manager|supervisor)|escalate|complaint|complain(?:ing)?)\b",
    ),
    (
        "wrong",
        0.8,
        r"\b(?:wrong (?:item|size|colou?r|order|address|gate|bag|product|one|information|info)|incorrect|error|mistake|mix-?up|messed up|screwed up|overbooked|oversold|bumped)\b",
    ),
    ("hours-days", 0.4, r"(?<=[0-9] )(?:hours?|hrs?|days?|weeks?)\b"),
    ("hours-days", 0.4, r"\b(?:two|three|four|five|six|several) (?:hours?|hrs?|days?|weeks?)\b"),
    (
        "sarcastic-thanks",
        1.2,
        r"\b(?:thanks|thank you) (?:for nothing|a lot|for (?:the|another|yet) (?:delay|wait|cancell?ation|nothing|runaround|run around))|\b(?:great|awesome|love|nice|wonderful|brilliant|perfect|fantastic|lovely)\b(?: (?:job|service|work)\b)?[^.!?\n]{0,20}\b(?:not(?! (?:a )?(?:single |one )?(?:problem|issue|complaint|fault|hitch)s?\b)|delay(?:ed)?|cancel+ed|lost|hours?|again|another (?:day|night|week|month|hour|weekend)|without|still no|no (?:hot water|heating|power|internet|signal|reply|response))\b|\byeah right\b|(?<!thanks )(?<!thank you )\bso much for\b",
    ),
    (
        "blocked",
        0.8,
        r"\b(?:can't|cannot|can not|couldn't|could not|unable to|not able to|won't let me|wouldn't let me|impossible to|no way to)\b(?: even)? (?:get|book|check|log|sign|find|reach|change|access|use|talk|speak|load|pay|cancel|rebook|print|open|contact|connect|see|make|return|track|download|board|fly)\b",
    ),
    (
        "problem",
        0.6,
        r"(?<!\bno )(?<!\bnot a )(?<!\bnot a single )(?<!\bnot one )(?<!\bnot an )(?<!n't a )(?<!n't an )\b(?:problems?|issues?|trouble|difficult(?:y|ies)|glitch(?:es)?|bugs?|complications?|hassle)\b",
    ),
    (
        "broken-promise",
        0.8,
        r"\b(?:(?:i|we) was told|(?:i|we) were told|supposed to|promised (?:me|us|to)|said (?:they|you|it) would|guaranteed|never (?:happened|showed|came|called)|stood up)\b",
    ),
    (
        "chasing",
        0.3,  # "when will…", "how long…" ask as often as they chase
        r"\b(?:where is|where's|where are|what happened|what's going on|what is going on|how long|how much longer|when will|when is|any update|any news|still waiting|follow(?:ing)? up|chasing)\b",
    ),
    (
        "help-needed",
        0.1,  # asking for help is a request more often than a complaint
        r"\b(?:need (?:your |some )?help|please help|help me|help us|help!|assist(?:ance)? (?:please|asap))\b",
    ),
    # "still" alone leans unhappy ("still nothing"), but not in "still open", "still free",
    # "still getting used to it", "still works" (thanks and questions).
    (
        "still",
        0.4,
        r"\bstill\b(?! (?:open|free|available|on|good|ok|okay|fine|works?|working|running|valid|happy|loving|love|enjoying|getting used|using|use|in stock|the (?:best|comfiest|same|one)|great|there|going strong|looking|have (?:the|two|a|some|places|stock|room|it)|able|time|want|need|interested|keen|planning|deciding|thinking)\b)",
    ),
    (
        "no-thing",
        0.6,
        r"\bno (?:seats?|food|wifi|wi-fi|bags?|luggage|refund|explanation|apology|notice|communication|one|information|info|power|water|service|reply|response|compensation|updates?|show|way|idea)\b",
    ),
    (
        "without-notice",
        0.6,
        r"\b(?:without (?:any |a |prior )?(?:notice|warning|explanation|apology|reason|notification)|only to (?:be|find|get|have)|instead of)\b",
    ),
    (
        "wasted",
        0.8,
        r"\b(?:waste(?:d)? (?:of )?(?:my |our )?(?:time|money|day|evening|weekend)|paid for (?:nothing|a|an|extra)|for nothing|out of pocket)\b",
    ),
    (
        "long-time",
        0.6,
        r"\b(?:over an hour|all (?:day|night|morning|afternoon|week)|for ages|forever|since (?:yesterday|last week|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    ),
    # Complaints stated as bare facts, without sentiment words: what arrived broken, wet,
    # wrong or short, what did not happen. Written from general knowledge of customer
    # e-mail (not from any data set row).
    (
        "fact-damage",
        1.0,
        r"\b(?:in (?:two|three|four|several|many|a few) (?:pieces|halves|bits|parts)|in pieces|snapped|shattered|chipped|bent|dented|dents?|scratched|scratches|leak(?:s|ing|ed)?|dripping|soaked|soggy|wet through|(?:is|are|was|were|got|gone|arrived|everything inside is) (?:wet|damp)|mou?ldy?|water (?:stains?|damage|inside|in it)|warped|came off|fell off|(?:is|are|was|were) hanging off|c[ao]me loose|(?:has|have) come loose|fallen off|falls? apart|fell apart|came apart|come apart|coming apart|split (?:open|at|down)|has split|have split|creased|stained|too hot to|overheat(?:s|ing|ed)?|grinding noise|rattl(?:es|ing)|(?:won't|doesn't|does not|will not) (?:charge|turn on|switch on|close|fit|light up|lock|start)|(?:don't|do not) (?:light up|fit|work|close|charge))\b",
    ),
    (
        "fact-wrong",
        1.0,
        r"\b(?:i|we) ordered (?:the |a |an |some )?[\w-]+(?: [\w-]+)?(?:,| but| and got| and received| not| instead)|\b(?:i|we) ordered (?:the |a |an |some )?[\w-]+(?: [\w-]+)?[.!]|\bmy order was for\b|\b(?:says|said|shows|showed|lists|listed|states|stated)\b[^.!?\n]{0,40}\b(?:but|we received|i received|we got|i got|only)\b|\bsomeone else's\b|\b(?:shorter|longer|smaller|bigger|larger|wider|narrower) than (?:the|i|we|what|it)\b|\bit should (?:be|say|have been)\b|\b(?:we|i) (?:signed up|asked|paid) for [\w-]+[.,;]|\b(?:were|was) (?:billed|charged) for\b",
    ),
    (
        "fact-short",
        1.0,
        r"\bonly (?:one|two|three|four|five|six|\d+|half) (?:of|out of)\b|\b(?:weren't|wasn't|were not|was not|isn't|aren't) (?:in (?:the|my|our) (?:box|pack|parcel|delivery|package)|included)\b|\bleft without\b|\bnothing (?:here|there|at (?:my|the|our) door|came|has come|has arrived|has come through)\b|\b(?:didn't|did not|never) (?:turn up|show up|show|come)\b|\b(?:is|was) still off\b",
    ),
    (
        "fact-service",
        1.0,
        r"\b(?:threw|thrown|dumped|chucked|left (?:it|the (?:parcel|box|package)) (?:outside|in the rain|by the bins|on the (?:doorstep|pavement|street)))\b|\b(?:my|our|the) (?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) (?:email|message|call|time|request|attempt)\b|\bline went dead\b|\b(?:two|double) charges\b|\b(?:billed|charged) (?:me |us )?(?:again|twice)\b|\blate fee\b|\bemptied\b|\blogged (?:me|us) out\b",
    ),
    # A fact stated with a negation, not a sentiment word: "my bag didn't make it", "the app
    # doesn't load", "we weren't told", "I still haven't been refunded". Only in a sentence
    # that is not a question ("Don't you fly to Leeds?" asks), and not the polite negatives
    # ("don't hesitate", "don't worry", "can't wait", "never mind").
    (
        "negated-fact",
        0.5,
        r"\b(?:didn't|did not|doesn't|does not|don't|do not|won't|will not|can't|cannot|couldn't|could not|wasn't|was not|weren't|were not|isn't|haven't|have not|hasn't|has not|never)\b(?! (?:mind|hesitate|worry|forget|know|think|see why|wait to|wait|(?:a|an|any) (?:problem|issue|bother|trouble|rush|hurry))\b)(?=[^?\n]*(?:[.!\n]|$))",
    ),
    (
        "incredulous",
        0.6,
        r"\b(?:seriously|really\?|come on|are you kidding|you've got to be kidding|unreal|smh|ugh|argh)\b",
    ),
)

#: Cues that a message is hot, not only unhappy: these raise ``anger``.
ANGER_CUES: Final[tuple[tuple[str, float, str], ...]] = (
    (
        "profanity",
        1.5,
        r"\b(?:fuck\w*|f\*ck\w*|f\*\*k\w*|shit\w*|sh\*t\w*|bullshit|damn(?:ed|it)?|goddamn\w*|wtf|wth|crap(?:py)?|bs|hell|bloody|arse|ass(?:hole)?s?|piss(?:ed)?|screw (?:you|this|it))\b",
    ),
    (
        "insult",
        1.5,
        r"\b(?:idiot\w*|stupid\w*|moron\w*|incompetent|clowns?|morons|imbecile\w*|dumb\w*|pathetic|useless|liars?|thie(?:f|ves)|crooks?|scam(?:mers?)?|joke of a|a joke|loser\w*|jerks?|garbage|trash|shut up|get lost)\b",
    ),
    (
        "anger-word",
        1.3,
        r"\b(?:angry|anger|furious|livid|outraged?|outrageous|infuriat\w+|enraged|mad at|so mad|hate|hated|hates|hating|disgust\w*|sick (?:and tired )?of|fed up|had it|had enough|pissed|irritat\w+|annoy\w*|ridiculous|absurd|unacceptable|unbelievable|insane|insulting|rude|appall\w*|how dare|seriously\?|are you (?:kidding|serious|joking)|you people|last time i)\b",
    ),
    (
        "threat",
        1.2,
        r"\b(?:never (?:again|fly(?:ing)?|buy(?:ing)?|use|using|order(?:ing)?|shop(?:ping)?)|take my business elsewhere|going to (?:a )?competitor|cancel my (?:account|subscription|order|membership)|switch(?:ing)? to|lawyer|sue|legal action|report you|bbb|chargeback|worst (?:company|airline|service|experience))\b",
    ),
    (
        "blame-you",
        0.8,
        r"\b(?:you(?: guys| people)? (?:never|always|don't care|didn't care|lied|screwed|messed|ruined|failed|ignored|promised)|your (?:fault|incompetence|mistake|staff|people|company) (?:is|are|was|were|has|have))\b",
    ),
)

#: Cues that soften a message that is otherwise negative (politeness, hedging) — a polite
#: enquiry about a delay is unhappy but rarely heated.
CALM_CUES: Final[tuple[tuple[str, float, str], ...]] = (
    (
        "polite",
        0.5,
        r"\b(?:please|kindly|would you|could you|when you (?:get|have) a (?:chance|moment)|no rush|no worries|appreciate(?: it)?|thanks in advance|many thanks)\b",
    ),
)

#: Clear signs of a happy message (also checked so a "thanks" after a fixed problem is not
#: read as a complaint).
POSITIVE_CUES: Final[tuple[tuple[str, float, str], ...]] = (
    (
        "thanks",
        1.0,
        r"\b(?:thank(?:s| you)|thx|ty|cheers|much appreciated|appreciate (?:it|you|that|the|your))\b",
    ),
    (
        "praise",
        1.0,
        r"\b(?:great|awesome|amazing|excellent|fantastic|wonderful|love|loved|loving|best|perfect|brilliant|superb|outstanding|kudos|well done|good job|nice job|impressed|delighted|happy with|pleased)\b",
    ),
    (
        "resolved",
        0.8,
        r"\b(?:all (?:sorted|good|set|fixed)|works? (?:now|great|perfectly)|(?:problem|issue) (?:is )?(?:solved|resolved|fixed)|got it sorted)\b",
    ),
)

#: Urgency: words that say the customer needs it now.
URGENCY_CUES: Final[tuple[tuple[str, float, str], ...]] = (
    (
        "urgent",
        1.0,
        r"\b(?:urgent(?:ly)?|asap|immediately|right now|right away|emergency|critical|as soon as possible|time[- ]sensitive)\b",
    ),
    (
        "today",
        0.6,
        r"\b(?:today|tonight|this (?:morning|afternoon|evening)|within the hour|in an hour|by (?:tomorrow|end of (?:the )?day|eod|noon))\b",
    ),
    (
        "blocked",
        0.6,
        r"\b(?:stranded|stuck|can't (?:work|log ?in|access|get in)|cannot (?:work|log ?in|access)|down|outage|blocked|deadline|flight (?:is |leaves )?(?:in|at)|leaving (?:in|at))\b",
    ),
)

#: Complaint categories (for routing): words and two-word phrases, each with a weight. A
#: category scores the weight of every occurrence of its words; the highest score wins (ties
#: go to the first category in ``types.CATEGORIES``); "other" when nothing matches. Matching
#: is by whole lower-cased words (as ``cues.Words`` splits them: "wi-fi" is "wi fi"), with a
#: dictionary lookup per word, so the lists can grow without slowing the guard. Each string
#: holds words separated by spaces; a two-word phrase is written with "_" ("on_hold"). Written from
#: general knowledge of customer e-mail; travel words are included only where they are the
#: everyday words for the same thing (a flight is the delivery of the service bought).
CATEGORY_WORDS: Final[dict[str, tuple[tuple[float, str], ...]]] = {
    "delivery": (
        (
            1.5,
            "late delay delays delayed delaying cancelled canceled cancellation cancellations "
            "shipping shipment shipments shipped ship ships deliver delivery delivered deliveries "
            "delivering undelivered courier couriers tracking tracked dispatch dispatched arrive "
            "arrived arrives arriving arrival parcel parcels package packages postage postal "
            "eta overdue backorder backordered depot warehouse ups dhl fedex usps "
            "in_transit out_for_delivery on_time not_arrived never_arrived never_came "
            "still_waiting lead_time customs",
        ),
        (
            1.0,
            "flight flights connection connections missed departure depart departed departing "
            "landed takeoff rebook rebooked rebooking rescheduled gate stock "
            "order_status my_order my_parcel my_package",
        ),
    ),
    "billing": (
        (
            1.5,
            "charge charged charges charging overcharged overcharge invoice invoices invoiced "
            "bill billed billing bills payment payments paid pay paying fee fees price prices "
            "priced pricing cost costs receipt subscription subscriptions renewal renewed "
            "discount coupon debit debited transaction transactions chargeback statement tax "
            "vat quote quoted expensive credit_card debit_card double_charged charged_twice "
            "bank_account direct_debit credit_note",
        ),
        # What they want back is weaker evidence than what went wrong: "three weeks late, I
        # want my money back" is about the delivery.
        (
            1.0,
            "refund refunds refunded refunding money voucher vouchers reimburse reimbursed "
            "reimbursement compensation compensate card dollars euros bucks account_balance",
        ),
    ),
    "product": (
        (
            1.5,
            "website site app online login password account booking book booked reservation "
            "reservations seat seats upgrade feature features bug bugs glitch glitches error "
            "errors crash crashes crashed crashing software system settings manual instructions "
            "setup install installed installation wifi entertainment food meal legroom plane "
            "aircraft product model version update updated device screen battery charger "
            "checkout cart download page portal username "
            "log_in sign_in set_up wi_fi doesn't_work not_working stopped_working "
            "won't_work won't_load won't_start won't_open won't_turn keeps_crashing "
            "can't_log cannot_log",
        ),
    ),
    "quality": (
        (
            1.5,
            "damaged damage broken defective faulty cracked torn ripped stained dirty smashed "
            "scratched scratches dented leaking leaks leaky rotten stale mouldy moldy spoiled "
            "expired cheap flimsy counterfeit fake lost missing shattered "
            "poor_quality bad_quality fell_apart falling_apart wrong_item wrong_size "
            "wrong_colour wrong_color as_described missing_parts",
        ),
        (1.0, "bag bags baggage luggage suitcase suitcases item items part parts pieces quality"),
    ),
    "service": (
        (
            1.5,
            "support agent agents representative representatives rep reps staff employee "
            "employees crew attendant attendants manager supervisor rude unhelpful impolite "
            "unprofessional hold queue helpline hotline callback nobody ignored ignoring "
            "attitude "
            "customer_service customer_care customer_support on_hold hung_up call_back "
            "called_back calling_back no_one no_answer no_response no_reply help_desk "
            "get_through spoke_to spoke_with talked_to speak_to told_me never_replied "
            "never_answered never_responded",
        ),
        (
            1.0,
            "phone call calls called calling line lines wait waited waiting respond responded "
            "response reply replied answer answered dm dms email emailed mail chat contact "
            "contacted service said promised",
        ),
    ),
}

#: Complaint cues (above) that also say what the complaint is about: each one that fires adds
#: this weight to its category, so a message with no topic word ("nobody ever answers") is
#: still routed.
CATEGORY_FROM_COMPLAINT: Final[dict[str, tuple[str, float]]] = {
    "late": ("delivery", 1.0),
    "cancelled": ("delivery", 1.0),
    "not-arrived": ("delivery", 1.0),
    "stranded": ("delivery", 1.0),
    "no-answer": ("service", 1.0),
    "on-hold": ("service", 1.0),
    "bad-service": ("service", 1.0),
    "money": ("billing", 0.5),
    "broken": ("quality", 1.0),
    "lost": ("quality", 1.0),
    "wrong": ("quality", 0.5),
    "blocked": ("product", 1.0),
}

#: Non-word category cues, as patterns on the lower-cased text (each occurrence counts).
CATEGORY_PATTERNS: Final[dict[str, tuple[tuple[float, str], ...]]] = {
    "billing": ((1.0, r"[$\u20ac\u00a3] ?[0-9]"),),
}

# ---------------------------------------------------------------------------
# Draft rules. Each phrase entry is (pattern, suggestion or None). ``{}`` in a suggestion
# is not used: suggestions are literal rewrites of the matched span.
# ---------------------------------------------------------------------------

BLAME_PHRASES: Final[tuple[tuple[str, str | None], ...]] = (
    (r"\bper my (?:last|previous|earlier) (?:e-?mail|message|note|reply)\b", "To recap"),
    (
        r"\bas (?:i|we) (?:have )?(?:already |previously )?(?:explained|said|stated|mentioned|told you|pointed out|noted)(?: (?:before|previously|earlier|already))?\b",
        "To recap",
    ),
    (
        r"\bas (?:i|we)'ve (?:already |previously )?(?:explained|said|stated|mentioned|told you|pointed out)(?: (?:before|previously|earlier|already))?\b",
        "To recap",
    ),
    (r"\blike i (?:already )?(?:told you|said)(?: (?:before|already))?\b", "To recap"),
    (
        r"\bi (?:already|have already|'ve already) (?:told you|explained|said)(?: this)?\b",
        "To recap",
    ),
    (r"\bas (?:i|we) (?:said|wrote)(?: (?:before|earlier|previously|already))?\b", "To recap"),
    (r"\bas (?:stated|mentioned|explained) (?:before|previously|earlier|already)\b", "To recap"),
    (
        r"\b(?:you|u) should(?: have|'ve| of) (?:known|read|checked|looked|called|asked|followed|seen|noticed|paid attention|been)\b",
        "Next time, it can help to",
    ),
    (
        r"\b(?:you|u) (?:should|need to|have to|must) (?:read|check|follow) (?:the|our) (?:manual|instructions|faq|terms|documentation|guide|email)\b",
        None,
    ),
    (r"\bif you had (?:read|checked|followed|listened|paid attention)\b", None),
    (
        r"\b(?:you|u) (?:clearly |obviously )?(?:didn't|did not|failed to) (?:read|follow|check|listen|pay attention)\b",
        None,
    ),
    (
        r"\b(?:as|which) (?:is |was )?(?:clearly )?(?:stated|written|explained) in (?:the|our) (?:manual|terms|faq|instructions|email|documentation|contract)\b",
        None,
    ),
    (r"\bfor the (?:last|second|third|hundredth|\d+(?:st|nd|rd|th)) time\b", None),
    (r"\bonce again,? (?:i|we) (?:must |have to |need to )?(?:explain|repeat|remind)\b", None),
    (
        r"\b(?:that|this) is (?:not|n't) our (?:fault|problem|responsibility)\b",
        "Let me see what we can do about this",
    ),
    (
        r"\b(?:it's|it is|that's|that is) (?:your|the customer's) (?:fault|problem|responsibility)\b",
        None,
    ),
    (r"\bi don't know (?:how|what) else to tell you\b", None),
    (
        r"\bnot sure (?:how|why) (?:this|that) (?:is|was) (?:so )?(?:hard|difficult) to understand\b",
        None,
    ),
    # Blame without the stock phrases: the customer's own setup or doing...
    (
        r"\b(?:problem|issue|fault) (?:is|lies|must be|seems to be|will be) (?:on|at|with) your (?:end|side)\b",
        None,
    ),
    (r"\b(?:it's|it is|this is|that's|that is|this was|that was) down to your\b", None),
    (r"\b(?:problem|issue) (?:must|will|would) be (?:your|on your|at your)\b", None),
    (r"\bsounds like your [a-z' -]{3,30}? (?:is|was|are) (?:the|to blame)\b", None),
    (
        r"\byour [a-z' ]{3,24}? (?:is|are) (?:probably|likely|most likely) (?:blocking|causing|the (?:issue|problem|cause))\b",
        None,
    ),
    (
        r"\byou must have (?:typed|entered|selected|clicked|chosen|ordered|put|made|missed|deleted|forgotten|misread|mistyped|pressed)\b",
        None,
    ),
    (
        r"\b(?:it |they )?(?:probably|must have|likely) (?:went|gone|ended up) (?:to|in|into) your (?:spam|junk)\b",
        None,
    ),
    (r"\byou need to keep your\b", None),
    (
        r"\bworks (?:perfectly|fine|normally)(?: well)? (?:on our (?:side|end)|for everyone else|for (?:all )?(?:our )?other customers)\b",
        None,
    ),
    (
        r"\b(?:whoever|the person who|the person that) (?:signed|accepted|received|ordered|placed)\b[^.!?\n]{0,40}\bshould have\b",
        None,
    ),
    # ...someone else (the courier, the bank)...
    (
        r"\b(?:the )?(?:courier|carrier|driver|delivery company|bank)(?:'s)? (?:fault|responsibility|problem|is responsible|are responsible)\b",
        None,
    ),
    (
        r"\b(?:take|raise|sort) (?:it|this|that) (?:up )?with (?:the courier|the carrier|them|your bank|dpd|ups|dhl|fedex|royal mail|evri|hermes|usps)\b",
        None,
    ),
    (r"\b(?:it's|it is|that's|that is) out of our hands\b|\bout of our hands once\b", None),
    (
        r"\b(?:need to|needs to|have to|has to|should|must|'d need to|would need to) take (?:it |this |that )?up with\b",
        None,
    ),
    (
        r"\bonce it (?:ships|leaves us|has shipped|has left)\b[^.!?\n]{0,30}\b(?:out of our hands|not our|no longer our)\b",
        None,
    ),
    (r"\bplease (?:contact|call|ask|chase) the (?:courier|carrier|delivery company)\b", None),
    (r"\bworks for the courier,? not (?:for )?us\b", None),
    (r"\bfault,? not ours\b", None),
    # ...or how rare the problem is (so it must be them).
    (r"\b(?:extremely|very|incredibly|really|exceptionally) rare\b", None),
    (
        r"\b(?:nobody|no one|no-one|none of our (?:other )?customers) (?:else )?(?:has|have) (?:ever )?(?:reported|had|mentioned|complained)\b",
        None,
    ),
    (r"\byou(?:'re| are) the (?:only|first) (?:customer|person|one) (?:who|to|that)\b", None),
    (r"\bwe(?:'ve| have) never had (?:this|that|a|any|an)\b", None),
    (r"\bwithout a single (?:complaint|problem|issue|return)\b", None),
    (r"\bthis (?:never|rarely|almost never) happens\b", None),
)

#: A recap phrase ("as I said…") about our own promise or our own mistake is not blame:
#: "as I said we would", or a sentence that owns the failure.
SELF_BLAME_AFTER: Final = r" (?:(?:we|i|it|they|you) (?:would|'d|will|did)|we'd|it'd)\b"
SELF_BLAME_NEAR: Final = r"\b(?:our (?:mistake|fault|error|failure|bad)|my (?:mistake|fault|error|bad)|i got it wrong|we got it wrong|(?:this|that|this one|that one|it)(?:'s| is| was) on (?:me|us)|we (?:didn't|did not|failed|should have|let you down)|i (?:should have|didn't|did not|failed))\b"

#: A half-apology's span is the half-apology phrase only ("sorry if you feel", "sorry, but"),
#: and its rewrite replaces that phrase only, so applying it keeps the rest of the sentence
#: (which other rules may flag on their own). Lookaheads pick the rewrite that reads right
#: with the words that follow.
_CLAUSE_START = r"(?:we|we've|we're|we'd|our|the|your|it|it's|its|this|these|there|they|i|i'm|i've|my|he|she|someone|somebody|nobody|no one|nothing)\b"
_UPSET = r"(?:upset|unhappy|disappointed|frustrated|annoyed|inconvenienced|offended|let down|angry|hurt)\b"
_CAUSED = r"(?: (?:this|that|it) (?:may|might) have caused| caused)?\b"
HALF_APOLOGY_PHRASES: Final[tuple[tuple[str, str | None], ...]] = (
    # "sorry if you feel we were slow" -> "sorry that we were slow"
    (
        rf"\bsorry (?:(?:if|that) )?you (?:feel|felt|think|thought|believe)(?: that)?(?= {_CLAUSE_START})",
        "sorry that",
    ),
    # "sorry you feel that way" -> "sorry we let you down"
    (
        r"\bsorry (?:(?:if|that) )?you (?:feel|felt|think|thought) (?:that way|this way|so|like that)\b",
        "sorry we let you down",
    ),
    # "sorry if you were upset" -> "sorry we let you down"
    (
        rf"\bsorry (?:(?:if|that) )?you (?:were|are|have been|may have been|might have been|feel|felt|got|get) {_UPSET}",
        "sorry we let you down",
    ),
    # "sorry if you feel ignored" -> "sorry we made you feel ignored"
    (
        rf"\bsorry (?:(?:if|that) )?you (?:feel|felt)\b(?! (?:that way|this way|so|like that)\b| {_CLAUSE_START}| {_UPSET})",
        "sorry we made you feel",
    ),
    # "sorry if you were charged twice" -> "sorry you were charged twice"
    (
        rf"\bsorry if(?= you (?:were|are|have been|may have been|might have been|found|saw|experienced|had)\b(?! {_UPSET}))",
        "sorry",
    ),
    # "sorry, but that is our policy" -> "sorry, and that is our policy"
    (r"\bsorry,? but\b", "sorry, and"),
    (
        rf"\b(?:we|i) (?:apologi[sz]e|are sorry|am sorry|regret) (?:for )?any inconvenience{_CAUSED}",
        "I'm sorry for the trouble this caused you",
    ),
    (rf"\bsorry for any inconvenience{_CAUSED}", "sorry for the trouble this caused you"),
    (rf"\bapologies for any inconvenience{_CAUSED}", "apologies for the trouble this caused you"),
    (rf"\bapologize for any inconvenience{_CAUSED}", "apologize for the trouble this caused you"),
    (rf"\bapologise for any inconvenience{_CAUSED}", "apologise for the trouble this caused you"),
    (r"\bmistakes were made\b", "We made a mistake"),
    (r"\bsorry for the misunderstanding\b", "sorry I wasn't clear"),
    (r"\bapologize if\b", "apologize that"),
    (r"\bapologise if\b", "apologise that"),
)

#: An apology taken back: "sorry… That said, the fee applies." The apology words, then
#: (within ``WITHDRAW_WINDOW`` characters) a phrase that withdraws it; "however" counts only
#: when what follows is a rule, a charge or a refusal.
APOLOGY_WORDS: Final = r"\b(?:sorry|apologi[sz]e|apologies|regret)\b"
WITHDRAW_PHRASES: Final = (
    r"\b(?:that said|having said that|that being said|be that as it may|nevertheless|nonetheless|even so|regardless|all the same)\b"
    r"|\bhowever,? (?=[^.!?\n]{0,80}\b(?:policy|polic(?:ies)|terms|fee|fees|charge|charges|not covered|isn't covered|cannot|can't|unable|won't|non-refundable|at the customer's expense|applies|apply|stands)\b)"
)
WITHDRAW_WINDOW: Final = 160

SARCASM_PATTERNS: Final[tuple[str, ...]] = (
    r"\b(?:oh )?(?:great|wonderful|fantastic|brilliant|perfect),? (?:just|another|so) (?:great|what|perfect)\b",
    r"\bthanks? (?:so much |a lot )?for (?:nothing|your patience,? i guess)\b",
    r"\bthanks a lot\b(?=[^.!?\n]*\b(?:not|nothing|no)\b)",
    r"\b(?:yeah|oh) (?:right|sure)\b",
    r"\bgood luck with that\b",
    r"\bwhat a (?:surprise|shock)\b",
    r"\bshocking,? i know\b",
    r"\bcongratulations (?:on|for) (?:figuring|finally)\b",
    r"\bnice (?:try|going)\b",
    r"\bas if\b",
    r"\bobviously\b(?=[^.!?\n]{0,40}\b(?:you|your)\b)",
    r"\bclearly,? you\b",
    r"\b(?:well|gee|wow),? (?:thanks|done|genius)\b",
    r"\bif you (?:had )?(?:bothered|cared) to\b",
    r"\bi'?m sure you (?:did|do|will)\b",
    r"\bsurprise,? surprise\b",
    r"\bwho (?:would have|would've|could have|could've) (?:thought|guessed)\b",
    r"\bin case you (?:missed|didn't notice|forgot)\b",
    r"\bnot rocket science\b",
    r"\bfiguratively speaking,? of course\b",
    r"\b(?:congratulations|congrats|bravo|well done|nice one),? (?:you(?:'ve| have) (?:found|spotted|discovered|managed|broken|lost|missed|figured|finally)|on (?:breaking|finding|managing|spotting|discovering|losing|missing|figuring|finally))\b",
    r"\bbravo\b",
    r"\bhere we go again\b",
    r"\bnot again\b",
    r"\boh (?:joy|great|wonderful|brilliant|fantastic|lovely)\b",
    r"\b(?:great|wonderful|fantastic|brilliant|perfect),? (?:just what|another (?:complaint|one|email|'))",
    r"\bjust what (?:we|i) needed\b",
    r"\blucky you\b",
    r"\bmust be nice\b",
    r"\bi'?m sure you'?ll (?:figure|work|manage|get there|cope)\b",
    r"\bnice of you to\b",
    r"\bsorry we didn't drop everything\b",
    r"\bthat'?s a (?:new )?record\b",
    r"\bwe had no idea\b",
    r"\b(?:sure|yeah|right|oh),? because\b",
    r"\bbecause we (?:love|enjoy|just love)\b",
    r"\b(?:really|so) (?:hard|difficult) to (?:understand|follow|read)\b",
    r"(?:\?!|!\?)",
)

ABSOLUTE_PATTERNS: Final[tuple[tuple[str, str | None], ...]] = (
    (r"\byou (?:guys |people )?(?:never|always)\b", None),
    (r"\byou(?:'ve| have) never\b", None),
    (r"\byou(?:'re| are) (?:always|never|constantly|forever)\b", None),
    (
        r"\byou (?:constantly|keep|continually|repeatedly) (?:ignor|forget|miss|complain|ask|send|chang|call)\w*\b",
        None,
    ),
    (r"\b(?:every single|each and every) time you\b", None),
    (r"\byou (?:don't|do not|didn't|did not) (?:ever|even)\b", None),
    (r"\bnone of (?:you|your)\b", None),
    (r"\byou (?:all|people|guys) (?:are|were)\b", None),
)

#: Ordinary words that reps write in capitals for emphasis (read as shouting). Any stopword
#: or sentiment-lexicon word in capitals is shouting too; other capitalised words are codes,
#: acronyms, time zones or file types (INV, EST, PDF, SAML) and are not.
SHOUTED_WORDS: Final = frozenset(
    [
        "note",
        "read",
        "final",
        "reminder",
        "overdue",
        "closed",
        "open",
        "will",
        "must",
        "today",
        "tomorrow",
        "now",
        "never",
        "nobody",
        "always",
        "already",
        "last",
        "again",
        "every",
        "everyone",
        "everything",
        "nothing",
        "attention",
        "warning",
        "deadline",
        "required",
        "mandatory",
        "immediately",
        "reply",
        "respond",
        "twice",
        "ever",
        "need",
        "needed",
        "exactly",
        "wrong",
        "right",
        "correct",
        "new",
        "first",
        "second",
        "third",
        "sorry",
        "really",
        "still",
        "yet",
        "done",
        "stop",
        "wait",
        "check",
        "pay",
        "failed",
        "late",
        "soon",
        "ready",
        "must",
        "cannot",
        "important",
        "urgent",
        "once",
    ]
)

#: Talking down to the customer: "clearly", "obviously", "as anyone can see". A "clearly"
#: that owns our mistake ("clearly our error") or says how we will write ("more clearly") is
#: not condescension.
CONDESCENSION_PATTERNS: Final[tuple[str, ...]] = (
    r"(?<!more )(?<!very )(?<!so )\b(?:clearly|obviously)\b(?!,? (?:(?:our|my) (?:mistake|fault|error|failure|problem)|we (?:should|made|got|messed|let)|i (?:should|made|got|messed|let)))",
    r"\bas anyone can see\b",
    r"\bit'?s (?:quite|really|very|pretty|all|actually) (?:simple|easy|straightforward)\b",
    r"\b(?:not|isn't|aren't|wasn't) (?:that|so|very|exactly) (?:hard|difficult|complicated|complex)\b",
    r"\bsurely you\b",
    r"\bas you (?:should|must|ought to) (?:know|be aware|have seen|remember|have read)\b",
    r"\bspell it out\b",
    r"\bexplain (?:this|it|that) (?:slowly|again|simply|one more time)\b",
    r"\beveryone knows\b",
    r"\bany (?:bank|child|customer|one|adult) (?:would|could|can|knows)\b",
    r"\bof course you (?:need|have|must|should)\b",
)

#: A flat refusal: "we can't change it", "that's our policy". It fires (``refusal``) only
#: when the draft offers no next step (``OPTION_CUES``) outside the refusal itself.
REFUSAL_PATTERNS: Final[tuple[str, ...]] = (
    r"\b(?:that's|that is|this is|it's|it is) (?:simply |just )?(?:how it works|(?:our|company|the) policy|the rules?|final|non-negotiable)\b",
    r"\b(?:that's|that is|this is) final\b",
    r"\b(?:we|i)(?: are| am|'re|'m)? (?:can't|cannot|can not|unable to|not able to|won't be able to|will not be able to|do not|don't|won't|will not) (?:change|refund|accept|offer|make|send|do|honour|honor|reverse|expedite|speed|replace|repair|exchange|undo|give|waive|allow|move|deliver|take|provide)\b",
    r"\bthere'?s (?:nothing|not much|no more|little) (?:more |else )?(?:we|i) can do\b",
    r"\bnothing (?:more |else )?(?:we|i) can do\b",
    r"\bthere'?s no way to\b|\bno way to (?:speed|expedite|change|undo|reverse)\b",
    r"\b(?:can't|cannot|can not) be (?:changed|reversed|exchanged|refunded|undone|expedited|moved|made)\b",
    r"\b(?:is|are) not (?:accepted|possible|refundable|negotiable)\b",
    r"\b(?:it's|it is) not possible\b",
    r"\bno exceptions\b|\b(?:doesn't|does not) allow (?:any )?exceptions\b",
    r"\b(?:we )?(?:do not|don't) accept (?:responsibility|liability|returns)\b",
    r"\b(?:isn't|is not) something (?:we|i) can\b",
    r"\bwon't be changing\b",
    r"\b(?:fee|charge|charges|price|decision|policy|date) stands?\b",
    r"\bno control over\b",
    r"\b(?:doesn't|does not|don't|do not) make mistakes\b",
)

#: Words that suggest a next step or a choice (the absence of which fires ``no-options``).
OPTION_CUES: Final[tuple[str, ...]] = (
    r"\b(?:would you (?:prefer|like)|do you prefer|which (?:would|do) you|whichever|either\b[^.?!\n]*\bor\b|options?|choices?|choose|alternatively|instead)\b",
    r"\b(?:we|i)(?:'ll| will| can| could| would be happy to| am happy to|'m happy to|'d be glad to| are going to|'m going to| am going to) (?:refund|replace|send|ship|call|fix|resend|credit|reimburse|arrange|book|rebook|reschedule|look into|check|investigate|follow up|get back|update|escalate|sort|waive|cover|offer|give|contact|collect|repair|upgrade|expedite|email|phone|ring|visit|talk|discuss|review|make)\b",
    r"\b(?:next step|here's what|here is what|what (?:we|i) (?:will|can) do|let me (?:know|fix|check|call|send|look|arrange|sort|find|see)|let's (?:talk|fix|set up|find|schedule|get)|reply with|call (?:me|us) (?:at|on)|book a (?:call|time)|by (?:today|tomorrow|monday|tuesday|wednesday|thursday|friday)|within (?:\d+|one|two|24|48) (?:hours?|days?))\b",
    r"\b(?:refund(?:ed)?|replacement|replace(?:d)?|credit(?:ed)?|reimburse(?:d|ment)?|exchange|voucher|repair(?:ed)?|resen[dt]|reship(?:ped)?)\b",
    # A choice asked as a question: "Thursday or Friday — which suits you?"
    r"\b(?:which (?:suits|works|is better|would suit|do you prefer|would you prefer|one)|your call|up to you|would you rather|or would you|shall i|want us to|want me to|let me know which)\b",
    # The problem fixed outright, or the remedy on its way: "I've reactivated it".
    r"\b(?:i|we)(?:'ve| have)(?: just| now| already| also)? (?!(?:noted|received|passed|logged|forwarded|read|seen|heard|understood|recorded|shared|got|been|had|taken note)\b)[a-z]+(?:ed|sent|put|made|set|done|found|run|paid|posted|rung|spoken|written|given|taken|built)\b",
    r"\b(?:fixed|done|sorted|resolved)(?::| -| —|,? (?:now|today|this morning))",
    r"\b(?:is|are|'s|'re|was|were|has been|have been) (?:now )?(?:on (?:its|their|the) way|going out|out for delivery|back on|back to normal|restored|booked|refunded|removed|cancelled|dispatched|approved|reactivated|unlocked|processed|issued|waived)\b",
    r"\b(?:it|that|this|problem|issue|bug|fault|everything)(?:'s| is| was| has been) (?:now |all )?(?:fixed|sorted|resolved)\b|\band (?:fixed|sorted|resolved) (?:it|them|this|that)\b",
    r"\b(?:we|i) (?:fixed|sorted|resolved|refunded|replaced|reset|restored|removed|reactivated|unlocked|extended|rebooked|credited|waived|dispatched|corrected|repaired)\b",
    r"\b(?:we|i)(?:'ll| will) (?!(?:pass|note|bear|keep|be in touch|let (?:them|the team) know)\b)[a-z]+\b",
    r"\b(?:shout|get in touch|reply here|reply to this|send me|call me|ring me) (?:if|and|with|on|at|its|the)\b",
    r"\b(?:ships?|goes out|going out|leaves|arrives?|due|dispatch(?:es)?|delivery|deliver(?:ed)?) (?:[a-z']+ ){0,3}?(?:today|tomorrow|tmrw|tonight|this (?:afternoon|evening|morning|week)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day|by \d|before (?:noon|\d))",
    r"\b(?:nothing is lost|no need to (?:return|send)|you (?:don't|do not) need to (?:return|send|do))\b",
)

#: Offer / sales language (``greeting-offer``, ``first-order-upsell``).
OFFER_PATTERNS: Final[tuple[str, ...]] = (
    r"[0-9]{1,3} ?(?:%|percent|per cent) off\b",
    r"[0-9]{1,3} ?%(?= (?:discount|saving|off))",
    r"\b(?:discount(?:s|ed)?|coupon|promo(?:tion)?(?: code)?|voucher code|special (?:offer|deal|price|pricing)|exclusive (?:offer|deal|access)|limited[- ]time|deal of|sale\b|on sale|save (?:up to )?\$?\d+|buy (?:now|one|two|more|again)|order (?:now|today|again)|shop (?:now|our)|upgrade (?:to|now|your)|upsell|bundle|add-?on|treat yourself|don't miss out|while stocks last|free shipping on|use (?:the )?code)\b",
    r"\b(?:our new|check out our|take a look at our|introducing|have you (?:tried|seen|considered)|you might (?:also )?(?:like|enjoy|love)|you may (?:also )?(?:like|enjoy)|customers who bought|complete your (?:set|collection|look)|premium (?:plan|tier|version)|pro plan)\b",
)

#: Seasonal and referral offers (a greeting that sells them is still selling).
SEASONAL_OFFER_PATTERNS: Final[tuple[str, ...]] = (
    r"\b(?:black friday|cyber monday|boxing day|january|summer|winter|spring|holiday) (?:deals?|sale|offers?)\b|\bdeals? (?:are|is) (?:live|on|here)\b|\brefer a friend\b|\bmonths? free\b|\bfree months?\b|\border by the \d+(?:st|nd|rd|th)? for\b",
)

#: Win-back language (``win-back-in-exit``).
WIN_BACK_PATTERNS: Final[tuple[str, ...]] = (
    r"\b(?:come back|win you back|welcome you back|have you back|give us (?:another|a second) (?:chance|try)|reconsider|change your mind|stay with us|don't (?:go|leave)|before you (?:go|leave)|we'd (?:love|hate)|we would (?:love|hate) to (?:see you|lose you|have you))\b",
    r"\bmatch (?:the|their|that|your)(?: other)? [a-z' ]{0,24}?(?:price|offer|deal|quote|rate)\b|\bif you stay\b",
    r"\b(?:special (?:offer|deal|price|discount) (?:for|to) (?:you|returning)|returning customers?|re-?activate|reactivate|rejoin|re-?subscribe|resubscribe|sign (?:back )?up again|free months?|months? free|match (?:their|the|that|your) (?:price|offer))\b",
    r"[0-9]{1,3} ?(?:%|percent) off\b",
)

#: Greeting touch: words that a greeting can carry without selling.
GREETING_WORDS: Final[tuple[str, ...]] = (
    r"\b(?:happy birthday|happy anniversary|congratulations|season'?s greetings|happy holidays|best wishes|warm wishes)\b",
)

#: How long a draft of each kind should be, in words (soft limit, then a hard one).
WORD_LIMITS: Final[dict[str, tuple[int, int]]] = {
    "reply": (150, 300),
    "greeting": (60, 120),
    "after_sale": (90, 180),
    "check_in": (90, 180),
    "exit_conversation": (120, 220),
    "chaser": (80, 160),
    "feedback_ask": (80, 150),
    "new": (180, 350),
}

#: A reply longer than ``ratio`` times the inbound message (and more than ``floor`` words).
REPLY_LENGTH_RATIO: Final = 3.0
REPLY_LENGTH_FLOOR: Final = 120

#: A sentence longer than this many words reads as a wall of text.
LONG_SENTENCE_WORDS: Final = 35

#: Words too common to show that a draft answers a question.
STOPWORDS: Final = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "get",
        "got",
        "hi",
        "hello",
        "hey",
        "dear",
        "please",
        "thanks",
        "thank",
        "regards",
        "still",
        "also",
        "yet",
        "know",
        "tell",
        "let",
        "any",
        "anyone",
        "anything",
        "can",
        "could",
        "would",
        "like",
        "want",
        "need",
        "one",
        "us",
        "help",
    ]
)

# ---------------------------------------------------------------------------
# Promises in drafts: an action by us, then (within the sentence) a due phrase.
# ---------------------------------------------------------------------------

_FUTURE: Final = r"(?:'ll|\s+will|\s+shall|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to|\s+are\s+going\s+to)"
_OURS: Final = (
    r"(?:our|my|the|a|an|your)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:will|'ll|should|is\s+going\s+to|are\s+going\s+to|is\s+coming|are\s+coming|"
    r"is\s+booked|are\s+booked|is\s+scheduled|are\s+scheduled|is\s+arranged)"
)
_ACTIONS: Final = (
    r"sending|calling|ringing|phoning|shipping|delivering|dropping|bringing|posting|coming|"
    r"visiting|dispatching|emailing|getting|popping|collecting|picking|fixing|replacing|"
    r"refunding|booking|following|chasing|installing|fitting|returning|crediting|paying|"
    r"transferring|arranging|preparing|finishing"
)

#: Who commits, lower-cased (offsets as in the draft): we ("I'll", "we are going to", "I'm
#: sending", "we guarantee", "let me call you"), what the customer will have ("you'll have",
#: "you should receive", "expect"), our people and things ("our technician will", "your
#: refund will be", "it'll be", "the courier is booked"), and arrangements ("we've booked").
PROMISE_SUBJECT: Final = (
    rf"\b(?:i|we){_FUTURE}\b"
    r"|\b(?:i|we)\s+(?:promise|commit|undertake)\s+to\b|\bwe\s+guarantee\b"
    rf"|\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:{_ACTIONS})\b"
    r"|\b(?:you'll|you\s+will|you\s+should)\s+(?:have(?!\s+to\b)|get|receive|hear|see)\b"
    r"|\b(?:you\s+can\s+)?expect\b(?!\s+(?:you|them|him|her|us)\s+to\b)"
    r"|\blet\s+me\s+(?:call|ring|phone|get\s+back|come\s+back|send|check|confirm|chase|update)\b"
    rf"|\b{_OURS}\b"
    r"|\b(?:it|this|that|they|everything|someone|somebody)(?:'ll|\s+will|\s+should|"
    r"\s+is\s+going\s+to|\s+are\s+going\s+to)\b"
    r"|\b(?:we've|we\s+have|i've|i\s+have)\s+(?:booked|scheduled|arranged)\b"
)

#: A named colleague, in the draft as written: "Sam will call you", "Priya from accounts will
#: send", "Sam is coming to fix it".
PROMISE_NAMED: Final = (
    r"\b[A-Z][a-z]+(?:\s+from\s+[A-Za-z]+)?\s+(?:(?:will|'ll|is\s+going\s+to)\s+"
    r"(?:call|ring|phone|visit|come|be|send|drop|deliver|contact|email|get|pop|collect|pick|"
    r"install|fit|repair|fix|bring|post|see|meet|follow)|is\s+coming)\b"
)

#: After the subject (matched from there), words that make it no commitment: a negation, a hedge, a state of ours
#: ("we'll be closed", "I will be on holiday").
PROMISE_NOT: Final = (
    r"\s*(?:not\b|never\b|n't\b|try\b|hope\b|might\b|may\b|probably\b|likely\b|"
    r"be\s+(?:closed|away|out|off|unavailable|on\s+holiday|on\s+leave|in\s+the\s+office|"
    r"busy|travelling|traveling|unable|able)\b)"
)

#: A sentence that only sets a condition or asks: "If you send it by Friday, …", "Should you
#: need…", "Unless you tell us…" (a question is any sentence ending in "?").
PROMISE_CONDITION: Final = (
    r"^(?:(?:and|but|so|also|ok|okay)[, ]+)*(?:if|unless|should\s+you|in\s+case|provided|"
    r"as\s+long\s+as|were\s+you|would\s+you|do\s+you|shall\s+i|shall\s+we)\b"
    r"|\bif\s+(?:you|that|it|this)\s*(?:'d|would|like|prefer|suits?|helps?|works?|want)"
)

_NUM: Final = (
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty[- ]five|sixty|ninety|a\s+few|a\s+couple\s+of|half\s+an|\d+(?:\.\d+)?)"
)
_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY: Final = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)"
)
_CLOCK: Final = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)|\d{1,2}:\d{2}"

#: The pieces of a due time as they appear inside a sentence; pieces next to each other
#: ("3pm" "tomorrow", "Saturday" "between 8 and 12") are read together by
#: ``duetime.parse_due``, in whatever order they come.
DUE_PHRASES: Final = (
    rf"\b(?:in|within)\s+(?:the\s+next\s+)?{_NUM}\s+(?:minutes?|mins?|hours?|hrs?|days?|"
    r"business\s+days?|working\s+days?|weeks?|months?)\b"
    r"|\b(?:in|within)\s+(?:half\s+an|an|the|the\s+next)\s+hour\b"
    r"|\b(?:the\s+)?day\s+after\s+tomorrow\b|\b(?:today|tonight|tomorrow|tmrw)\b"
    r"|\b(?:early|mid|later|end\s+of)\s+(?:this|next|the)\s+week\b"
    r"|\b(?:before|by|over)\s+the\s+weekend\b|\b(?:this|next)\s+(?:week|weekend|month)\b"
    r"|\blater\s+today\b|\bend\s+of\s+(?:the\s+)?(?:day|week|month|business\s+day)\b"
    r"|\b(?:eod|eow|eom|cob|close\s+of\s+business)\b"
    r"|\bfirst\s+thing(?:\s+in\s+the\s+morning)?\b"
    r"|\b(?:in\s+the\s+|this\s+)?(?:morning|afternoon|evening|lunchtime|noon|midday|midnight)\b"
    rf"|\b(?:(?:this|next|coming)\s+)?{_WEEKDAY}\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[ t]\d{1,2}:\d{2})?\b"
    r"|(?<![\w./])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/])|(?<![\w.])\d{1,2}\.\d{1,2}\.(?:\d{2,4})?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    r"|\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b"
    r"|\b(?:between|from)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:and|to|-)\s*\d{1,2}(?::\d{2})?"
    r"\s*(?:am|pm)?\b"
    rf"|\b(?:{_CLOCK})(?![\w:])"
    r"|\b(?:at|by)\s+\d{1,2}\b(?![\d:/.])"
)

#: What may stand between two pieces of one due time: "tomorrow at 3pm", "Monday, 16 March".
DUE_JOIN: Final = r"^[\s,]*(?:(?:at|on|by|in|the|of|from|before|around|between)[\s,]+)*$"
