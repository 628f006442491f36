"""What the demo organisation says about itself: places, people, gatherings and pages.

Plain data, kept apart from the command that loads it. Dates are not here: the command places
each schedule around the day it runs, so the site always looks current.
"""

from wagtail.rich_text import RichText


def heading(text):
    return ("heading", text)


def para(html):
    return ("paragraph", RichText(html))


def callout(title, html):
    return ("callout", {"heading": title, "text": RichText(html)})


def quote(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


HOME = {
    "title": "Hearth",
    "intro": (
        "Hearth runs free and low-cost gatherings across Leeds for anyone who wants to feel a "
        "little less alone: meditation, art, gentle movement, walks and peer support groups. "
        "Come as you are; you don't need to book for most things."
    ),
    "body": [
        heading("New here?"),
        para(
            "<p>Most people come to their first gathering on their own, a bit unsure. That is "
            "normal. Every session starts with a short welcome, nobody is asked to share anything "
            "they don't want to, and you can leave whenever you like.</p>"
        ),
        callout(
            "Not sure where to start?",
            "<p>Our <b>Tuesday evening meditation</b> and the <b>Sunday walking group</b> are "
            "the easiest ways in: no experience needed, and always a friendly face at the door. "
            "Or e-mail <a href='mailto:hello@hearth.example'>hello@hearth.example</a> and we'll "
            "help you choose.</p>",
        ),
    ],
}

SUPPORT = {
    "heading": "Need support now?",
    "text": (
        "<p>If you are in danger or have hurt yourself, call <b>999</b> or go to A&amp;E.</p>"
        "<ul><li>Samaritans: call <b>116 123</b>, free, any time, day or night.</li>"
        "<li>NHS 111: call <b>111</b> and choose the mental health option for urgent help.</li>"
        "<li>Shout: text <b>SHOUT</b> to <b>85258</b> if talking is too much.</li></ul>"
        "<p>Hearth's gatherings are peer support, not a crisis service.</p>"
    ),
}

EVENT_INDEX = {
    "title": "What's on",
    "slug": "whats-on",
    "intro": (
        "Everything we run, week by week. Most gatherings are drop-in; where a group asks you "
        "to get in touch first, it says so."
    ),
}

VENUE_INDEX = {
    "title": "Venues",
    "slug": "venues",
    "intro": (
        "Where we meet, and how to get there. Each place lists its access facts plainly, "
        "including what it doesn't have, so you can plan before you set out."
    ),
}

CATEGORIES = [
    {
        "name": "Meditation",
        "slug": "meditation",
        "colour": "#4a3f6b",
        "description": "Sitting, breathing and resting together; beginners always welcome.",
    },
    {
        "name": "Art therapy",
        "slug": "art-therapy",
        "colour": "#8c3b2a",
        "description": "Making things to feel better, not to make art. No skills needed.",
    },
    {
        "name": "Fitness",
        "slug": "fitness",
        "colour": "#2f6246",
        "description": "Gentle movement: yoga, stretching and strength at your own pace.",
    },
    {
        "name": "Walking",
        "slug": "walking",
        "colour": "#4d5a1e",
        "description": "Walks in Leeds' parks and valleys, at the speed of the slowest walker.",
    },
    {
        "name": "Peer support",
        "slug": "peer-support",
        "colour": "#1f5472",
        "description": "Groups led by people who have been there, for people going through it.",
        "shows_support_panel": True,
    },
]

# name -> (role, bio, palette for the portrait)
FACILITATORS = {
    "Priya Sharma": (
        "Meditation teacher",
        "Priya has taught mindfulness in Leeds for twelve years, in community centres, a prison "
        "and a hospice. She came to meditation through burnout as a junior doctor and still "
        "keeps her sessions practical: short sits, plenty of chairs, no chanting unless you ask.",
        "lilac",
    ),
    "Tom Okafor": (
        "Art therapist (HCPC registered)",
        "Tom trained at Goldsmiths and worked in NHS adult mental health services before joining "
        "Hearth. He believes everyone can make marks on paper, and that the making matters more "
        "than the result. He is usually the one with paint on his sleeves.",
        "clay",
    ),
    "Helen Brierley": (
        "Yoga teacher (British Wheel of Yoga)",
        "Helen specialises in gentle and chair-based yoga for people living with long-term "
        "conditions. She has fibromyalgia herself, so she knows that some weeks you can do more "
        "than others, and her classes are built for exactly that.",
        "sage",
    ),
    "Gemma Walsh": (
        "Walk leader",
        "Gemma is a Ramblers-trained walk leader who has walked every footpath in the Meanwood "
        "Valley at least twice. She started Hearth's walking group after finding that talking "
        "side by side was easier than talking face to face.",
        "moss",
    ),
    "Aisha Rahman": (
        "Bereavement counsellor (MBACP)",
        "Aisha has supported bereaved people for fifteen years, including eight with a hospice "
        "in Bradford. She runs the bereavement group with warmth and a steady pair of hands, and "
        "makes sure nobody leaves a session without a cup of tea.",
        "dawn",
    ),
    "Dave Holroyd": (
        "Peer support worker",
        "Dave is a former joiner from Bramley who lived with depression for years before he "
        "talked to anyone about it. He set up the men's circle so other blokes would not have to "
        "wait as long as he did. He makes the worst tea in Leeds and will tell you so.",
        "honey",
    ),
    "Ruth Mensah": (
        "Peer supporter and parent",
        "Ruth is a mum of two and a trained breastfeeding peer supporter. After a lonely first "
        "year with her eldest, she started the new parents' drop-in so nobody has to spend "
        "those long weekday mornings on their own.",
        "sea",
    ),
    "Sam Lee": (
        "Peer facilitator",
        "Sam has lived with anxiety since university and now facilitates our anxiety support "
        "group alongside part-time work in a library. Sam keeps sessions structured and calm, "
        "and is a firm believer in small, steady steps.",
        "dusk",
    ),
}

VENUES = [
    {
        "title": "The Hearth Rooms, Chapel Allerton",
        "slug": "hearth-rooms-chapel-allerton",
        "address": "14 Harrogate Road\nChapel Allerton\nLeeds",
        "postcode": "LS7 3NB",
        "latitude": "53.829410",
        "longitude": "-1.537820",
        "directions": (
            "<p>Our own rooms, above the florist. The entrance is the <b>green door</b> to the "
            "left of the shop, with a Hearth sign. Ring the bell and someone will buzz you in; "
            "the lift is straight ahead and the rooms are on the first floor.</p>"
        ),
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "quiet_space": True,
        "parking": False,
        "parking_notes": "No parking on site; free on-street parking on Montreal Avenue.",
        "public_transport": (
            "Buses 2, 3 and 3A stop at Chapel Allerton shops, 2 minutes' walk. "
            "From Leeds station, about 20 minutes on the 2 or 3."
        ),
        "access_notes": (
            "Lift (110 × 140 cm) to the first floor. Doors are at least 85 cm wide. "
            "Chairs with and without arms, and floor cushions. Assistance dogs welcome; "
            "water bowl by the kitchen."
        ),
        "palette": "honey",
        "photos": [
            ("interior", "The main room with its tall arched window", "The main room"),
            ("room", "Chairs set out in a circle in the small group room", "The group room"),
        ],
    },
    {
        "title": "Meanwood Valley Community Hall",
        "slug": "meanwood-valley-community-hall",
        "address": "Green Road\nMeanwood\nLeeds",
        "postcode": "LS6 4LE",
        "latitude": "53.830620",
        "longitude": "-1.574730",
        "directions": (
            "<p>The single-storey hall behind the church, on the corner of Green Road. Use the "
            "<b>side entrance</b> on the car-park side; the front door is usually locked.</p>"
        ),
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": False,
        "quiet_space": False,
        "parking": True,
        "parking_notes": "Small free car park (12 spaces, 2 blue-badge bays).",
        "public_transport": (
            "Bus 51 or 52 to Meanwood Road (Green Road stop), 3 minutes' walk. "
            "Headingley station is a 20-minute walk."
        ),
        "access_notes": (
            "The front entrance has three steps; the side entrance is level. The hall floor is "
            "sprung wood and can be cold in winter, so bring a layer. Yoga mats and blocks are "
            "provided."
        ),
        "palette": "sage",
        "photos": [("interior", "Morning light in the hall, with a plant on the sill", "")],
    },
    {
        "title": "Holbeck Print Works studio",
        "slug": "holbeck-print-works-studio",
        "address": "Unit 3, Print Works\nMarshall Street\nHolbeck\nLeeds",
        "postcode": "LS11 9YJ",
        "latitude": "53.790620",
        "longitude": "-1.553010",
        "directions": (
            "<p>Go through the arch off Marshall Street into the yard. Unit 3 is the red door at "
            "the back; the studio is up one flight of stairs.</p>"
        ),
        "step_free_access": False,
        "accessible_toilet": False,
        "hearing_loop": False,
        "quiet_space": True,
        "parking": True,
        "parking_notes": "Four spaces in the yard; ask at the door. Pay-and-display on the street.",
        "public_transport": (
            "Leeds station is a 10-minute walk along Water Lane. "
            "Bus 1 stops on Holbeck Lane, 5 minutes' walk."
        ),
        "access_notes": (
            "The studio is on the first floor: 18 stairs with handrails on both sides, and no "
            "lift. If stairs are hard for you, tell us and we will run your session in the "
            "ground-floor room instead. Toilets are on the first floor too. Bright daylight "
            "studio; blinds on request."
        ),
        "palette": "clay",
        "photos": [
            ("art", "Brush strokes on a studio wall", "The studio wall"),
            ("interior", "The studio window", ""),
        ],
    },
    {
        "title": "Roundhay Park, Lakeside meeting point",
        "slug": "roundhay-park-lakeside",
        "address": "Lakeside, Roundhay Park\nPrinces Avenue\nLeeds",
        "postcode": "LS8 2JL",
        "latitude": "53.839020",
        "longitude": "-1.498520",
        "directions": (
            "<p>Meet on the terrace outside the <b>Lakeside café</b>, at the northern end of "
            "Waterloo Lake. Look for the walk leader's orange Hearth bag.</p>"
        ),
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": False,
        "quiet_space": False,
        "parking": True,
        "parking_notes": "Pay-and-display car park at Lakeside, with blue-badge bays.",
        "public_transport": "Bus 12 to Roundhay Park (Princes Avenue), 5 minutes' walk downhill.",
        "access_notes": (
            "Outdoors. The lake path is tarmac and level; some walks leave it for grass and "
            "gravel paths with slopes, and the leader says which before setting off. Accessible "
            "toilet in the café during opening hours."
        ),
        "motif": "park",
        "palette": "sea",
        "photos": [("walking", "A path winding into the hills beyond the lake", "")],
    },
    {
        "title": "Harehills Neighbourhood Centre",
        "slug": "harehills-neighbourhood-centre",
        "address": "101 Harehills Lane\nHarehills\nLeeds",
        "postcode": "LS8 5DR",
        "latitude": "53.814810",
        "longitude": "-1.520290",
        "directions": (
            "<p>The brick building opposite the library. Go in by the main doors and ask at "
            "reception; our rooms are signed on the ground floor.</p>"
        ),
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "quiet_space": True,
        "parking": False,
        "parking_notes": "No car park; limited on-street parking on the side roads.",
        "public_transport": (
            "Buses 4, 4F and 49 stop outside. About 15 minutes from the city centre."
        ),
        "access_notes": (
            "Automatic doors and everything on the ground floor. Baby-changing in the accessible "
            "toilet; buggy park inside the entrance. A prayer room is available on request."
        ),
        "palette": "dawn",
        "photos": [
            ("room", "The community room set up for a circle", ""),
            ("support", "A rug and chairs arranged for the drop-in", "Ready for the drop-in"),
        ],
    },
]

# Schedules are built by the command: "weekday" and "weeks_back" place first_date.
EVENTS = [
    {
        "title": "Tuesday evening meditation",
        "slug": "tuesday-evening-meditation",
        "category": "meditation",
        "venue": "hearth-rooms-chapel-allerton",
        "attendance_mode": "hybrid",
        "online_link": "https://meet.jit.si/hearth-tuesday-evening",
        "facilitators": ["Priya Sharma"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "weekday": 1,
        "weeks_back": 10,
        "start": (19, 0),
        "minutes": 75,
        "capacity": 20,
        "cost": "Free, donations welcome",
        "intake": "open",
        "featured": True,
        "motif": "meditation",
        "palette": "lilac",
        "summary": (
            "A calm hour to end the working day: two short guided sits, a little gentle "
            "movement and tea afterwards. Beginners very welcome."
        ),
        "what_to_expect": (
            "We sit on chairs (cushions if you prefer) for two 20-minute guided practices with a "
            "short stretch in between. Wear something comfortable. You never have to speak, and "
            "it's fine to arrive a few minutes late: come in quietly and take any seat. If you "
            "can't get there, join on the video call: its link comes with your booking."
        ),
        "body": [
            para(
                "<p>Tuesday evenings are Hearth's longest-running gathering. Each week Priya "
                "offers a simple practice, usually breath, body or sounds, and a few words about "
                "using it in ordinary life.</p>"
            ),
            callout(
                "First time?",
                "<p>Come ten minutes early and Priya will show you around. Blankets are "
                "provided.</p>",
            ),
            quote(
                "I came for the quiet and stayed for the people. It's the one hour in my week "
                "where nobody needs anything from me.",
                "A regular since 2023",
            ),
        ],
    },
    {
        "title": "Mindful mornings: a five-day course",
        "slug": "mindful-mornings",
        "category": "meditation",
        "venue": "hearth-rooms-chapel-allerton",
        "facilitators": ["Priya Sharma"],
        "rule": "RRULE:FREQ=DAILY;COUNT=5",
        "is_course": True,  # one booking, all five mornings
        "weekday": 0,
        "weeks_back": -1,
        "start": (7, 30),
        "minutes": 45,
        "capacity": 12,
        "cost": "£15 for the week, or pay what you can",
        "intake": "open",
        "featured": False,
        "motif": "meditation",
        "palette": "dawn",
        "summary": (
            "Five early mornings, Monday to Friday, to build a daily habit of ten quiet minutes "
            "before the day starts."
        ),
        "what_to_expect": (
            "Each morning is 45 minutes: a guided sit, a short talk and a plan for the next "
            "day. Try to come to all five; each morning builds on the last. Tea and toast "
            "afterwards if you have time."
        ),
        "body": [
            para(
                "<p>A short course for people who have tried meditation apps and given up. "
                "Doing it together, at the same time each day, is what makes a habit stick.</p>"
            ),
            heading("The week"),
            para(
                "<ul><li>Monday: arriving, and the breath</li><li>Tuesday: the body</li>"
                "<li>Wednesday: sounds and thoughts</li><li>Thursday: kindness</li>"
                "<li>Friday: keeping it going</li></ul>"
            ),
        ],
    },
    {
        "title": "Lunchtime sit online",
        "slug": "lunchtime-sit-online",
        "category": "meditation",
        "venue": None,
        "online_link": "https://meet.jit.si/hearth-lunchtime-sit",
        "facilitators": ["Priya Sharma"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=WE",
        "weekday": 2,
        "weeks_back": 6,
        "start": (12, 30),
        "minutes": 30,
        "capacity": None,
        "cost": "Free",
        "intake": "open",
        "featured": False,
        "motif": "online",
        "palette": "sea",
        "summary": (
            "Half an hour of guided quiet over video call, for anyone who can't get to us in "
            "person. Cameras optional."
        ),
        "what_to_expect": (
            "Join the call a couple of minutes early. Priya guides one 20-minute sit, then there "
            "is time for a question or two. Keep your camera and microphone off if you prefer; "
            "nobody will ask you to turn them on."
        ),
        "body": [
            para(
                "<p>The call runs in your web browser; there is nothing to install. Find a chair "
                "and a door you can close, if you can.</p>"
            ),
        ],
    },
    {
        "title": "Open studio: art for wellbeing",
        "slug": "open-studio",
        "category": "art-therapy",
        "venue": "holbeck-print-works-studio",
        "facilitators": ["Tom Okafor"],
        "rule": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "weekday": 2,
        "weeks_back": 8,
        "start": (14, 0),
        "minutes": 120,
        "capacity": 10,
        "cost": "£3, pay what you can",
        "intake": "open",
        "featured": True,
        "motif": "art",
        "palette": "honey",
        "summary": (
            "A relaxed afternoon in the studio with paint, clay and collage, and an art "
            "therapist on hand. No skills needed; every other Wednesday."
        ),
        "what_to_expect": (
            "Tom sets out materials and suggests a theme, which you are free to ignore. Most "
            "people work quietly; some chat. We finish with ten minutes looking at what we made, "
            "only if you want to. Wear clothes you don't mind getting paint on."
        ),
        "body": [
            para(
                "<p>This isn't a class and nobody will judge what you make. It's time and space "
                "to make something with your hands, which many people find helps when words are "
                "hard.</p>"
            ),
            callout(
                "All materials provided",
                "<p>Aprons too. If you have a project of your own on the go, bring it.</p>",
            ),
        ],
    },
    {
        "title": "Creative journalling",
        "slug": "creative-journalling",
        "category": "art-therapy",
        "venue": "hearth-rooms-chapel-allerton",
        "facilitators": ["Tom Okafor"],
        "rule": "RRULE:FREQ=MONTHLY;BYDAY=+2SA",
        "weekday": 5,
        "weeks_back": 9,
        "start": (10, 30),
        "minutes": 120,
        "capacity": 14,
        "cost": "£5 including a notebook (free if money is tight)",
        "intake": "open",
        "featured": False,
        "motif": "art",
        "palette": "dusk",
        "summary": (
            "On the second Saturday of each month: writing, drawing and sticking things into a "
            "journal, with prompts to help you notice how you are."
        ),
        "what_to_expect": (
            "We start with a short warm-up, then work through two or three prompts at our own "
            "pace. Your journal is yours: nobody reads it. Bring photos or tickets to stick in, "
            "if you like."
        ),
        "body": [
            para(
                "<p>Journalling with pictures as well as words. Good for people who find "
                "writing a diary daunting, and for people who already love stationery.</p>"
            ),
        ],
    },
    {
        "title": "Gentle yoga",
        "slug": "gentle-yoga",
        "category": "fitness",
        "venue": "meanwood-valley-community-hall",
        "facilitators": ["Helen Brierley"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        "exclude_christmas": True,
        "weekday": 1,
        "weeks_back": 12,
        "start": (10, 0),
        "minutes": 60,
        "capacity": 16,
        "cost": "£4 (£2 concessions)",
        "intake": "open",
        "featured": True,
        "motif": "movement",
        "palette": "sage",
        "summary": (
            "Slow, kind yoga on Tuesdays and Thursdays, on the mat or on a chair. Suitable for "
            "stiff bodies, tired bodies and complete beginners."
        ),
        "what_to_expect": (
            "An hour of slow stretches, breathing and a long rest at the end. Every pose has a "
            "chair version. Wear loose clothes; mats, blocks and blankets are provided. Tell "
            "Helen quietly about any injuries or conditions before the class starts."
        ),
        "body": [
            para(
                "<p>Helen's classes are about feeling better in your body, not about "
                "flexibility. Expect plenty of choices and no competition.</p>"
            ),
            callout(
                "Christmas break",
                "<p>No classes on Christmas Eve or New Year's Eve; every other date goes ahead "
                "as usual.</p>",
            ),
        ],
    },
    {
        "title": "Sunday walking group",
        "slug": "sunday-walking-group",
        "category": "walking",
        "venue": "roundhay-park-lakeside",
        "facilitators": ["Gemma Walsh"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=SU",
        "weekday": 6,
        "weeks_back": 20,
        "start": (10, 0),
        "minutes": 90,
        "capacity": None,
        "cost": "Free",
        "intake": "open",
        "featured": False,
        "motif": "walking",
        "palette": "moss",
        "summary": (
            "A friendly walk of about three miles around Roundhay Park, at an easy pace, "
            "finishing with a hot drink at the Lakeside café."
        ),
        "what_to_expect": (
            "We walk at the pace of the slowest walker and stop often. Wear shoes you can walk "
            "in on wet grass and bring a waterproof. Dogs on leads are welcome. If the weather "
            "is dangerous, we post a cancellation here by 8am."
        ),
        "body": [
            para(
                "<p>Walking side by side makes conversation easier, and silence is fine too. "
                "The route changes with the seasons.</p>"
            ),
        ],
    },
    {
        "title": "Meanwood Valley trail walk",
        "slug": "meanwood-valley-trail-walk",
        "category": "walking",
        "venue": "meanwood-valley-community-hall",
        "facilitators": ["Gemma Walsh"],
        "rule": "RRULE:FREQ=MONTHLY;BYDAY=-1SU",
        "weekday": 6,
        "weeks_back": 10,
        "start": (13, 30),
        "minutes": 150,
        "capacity": 20,
        "cost": "Free",
        "intake": "open",
        "featured": False,
        "motif": "walking",
        "palette": "honey",
        "summary": (
            "A longer monthly walk, about six miles along the Meanwood Valley Trail, on the last "
            "Sunday of each month."
        ),
        "what_to_expect": (
            "Some muddy paths and a few stiles. Bring water and a snack. We walk back to the "
            "hall, or you can leave early at Golden Acre Park for the bus."
        ),
        "body": [
            para("<p>For people who have enjoyed the Sunday group and want a longer day out.</p>")
        ],
    },
    {
        "title": "Chair-based strength and balance",
        "slug": "chair-strength-and-balance",
        "category": "fitness",
        "venue": "harehills-neighbourhood-centre",
        "facilitators": ["Helen Brierley"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=FR",
        "weekday": 4,
        "weeks_back": 5,
        "start": (11, 0),
        "minutes": 45,
        "capacity": 14,
        "cost": "£2",
        "intake": "open",
        "featured": False,
        "motif": "movement",
        "palette": "dawn",
        "summary": (
            "Seated and standing exercises to keep you strong and steady on your feet, with a "
            "chair always within reach."
        ),
        "what_to_expect": (
            "45 minutes of music and movement, mostly seated. Bring water and wear supportive "
            "shoes. If you use a walking aid, bring it with you."
        ),
        "body": [
            para(
                "<p>Based on exercises shown to reduce falls. Many people come with a friend or "
                "a carer, who are welcome to join in.</p>"
            )
        ],
    },
    {
        "title": "Bereavement peer support",
        "slug": "bereavement-peer-support",
        "category": "peer-support",
        "venue": "hearth-rooms-chapel-allerton",
        "facilitators": ["Aisha Rahman"],
        "rule": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "weekday": 0,
        "weeks_back": 12,
        "start": (18, 30),
        "minutes": 90,
        "capacity": 10,
        "cost": "Free",
        "intake": "ask",
        "featured": False,
        "motif": "support",
        "palette": "dusk",
        "summary": (
            "A small group for people who have lost someone close, meeting every other Monday. "
            "Please talk to Aisha before your first session."
        ),
        "what_to_expect": (
            "We sit in a circle, with tea. Each person can talk about the person who died, or "
            "just listen. What is said in the group stays in the group. Aisha will have a short "
            "phone chat with you first to make sure the group is right for you now."
        ),
        "body": [
            para(
                "<p>Grief doesn't keep to a timetable. Some people come a few weeks after a "
                "death, others years later. All losses are welcome here, including those that "
                "other people don't always recognise.</p>"
            ),
            quote(
                "Nobody here tells me I should be over it by now.",
                "A group member",
            ),
        ],
    },
    {
        "title": "Men's mental health circle",
        "slug": "mens-mental-health-circle",
        "category": "peer-support",
        "venue": "harehills-neighbourhood-centre",
        "facilitators": ["Dave Holroyd"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=WE",
        "weekday": 2,
        "weeks_back": 15,
        "start": (19, 0),
        "minutes": 120,
        "capacity": None,
        "cost": "Free",
        "intake": "open",
        "featured": False,
        "motif": "tea",
        "palette": "sea",
        "summary": (
            "An evening for men to talk about how things really are, or to sit and listen. "
            "No appointments, no forms, no judgement."
        ),
        "what_to_expect": (
            "Tea, biscuits and a round where everyone says how their week has been in a few "
            "words, or passes. Then an open conversation. Lots of men come for weeks before they "
            "say much, and that's fine."
        ),
        "body": [
            para(
                "<p>For men aged 18 and over, whatever is going on: stress, low mood, money, "
                "relationships, or just feeling stuck.</p>"
            ),
            callout(
                "Just turn up",
                "<p>You don't need to book. Come to reception and ask for the men's group.</p>",
            ),
        ],
    },
    {
        "title": "New parents' drop-in",
        "slug": "new-parents-drop-in",
        "category": "peer-support",
        "venue": "harehills-neighbourhood-centre",
        "facilitators": ["Ruth Mensah"],
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=TH",
        "weekday": 3,
        "weeks_back": 16,
        "start": (10, 0),
        "minutes": 90,
        "capacity": 15,
        "cost": "Free",
        "intake": "open",
        "featured": True,
        "motif": "tea",
        "palette": "honey",
        "summary": (
            "A warm room, a hot drink you can actually finish and other parents of babies under "
            "one to talk to. Babies very welcome."
        ),
        "what_to_expect": (
            "Come and go as suits your baby's day. There are play mats, a quiet corner for "
            "feeding and a changing table. Partners and grandparents are welcome too."
        ),
        "body": [
            para(
                "<p>The first year can be lonely, even when you're never alone. This is a "
                "relaxed drop-in, not a class: no talks, no advice unless you ask for it.</p>"
            ),
        ],
    },
    {
        "title": "Anxiety support group",
        "slug": "anxiety-support-group",
        "category": "peer-support",
        "venue": "hearth-rooms-chapel-allerton",
        "facilitators": ["Sam Lee"],
        "rule": "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        "weekday": 3,
        "weeks_back": 8,
        "start": (18, 0),
        "minutes": 90,
        "capacity": 8,
        "cost": "Free",
        "intake": "closed",
        "featured": False,
        "motif": "support",
        "palette": "lilac",
        "summary": (
            "A small, steady group for people living with anxiety, meeting every other "
            "Thursday. The current group is full; new members join each spring."
        ),
        "what_to_expect": (
            "The same eight people meet each time, which helps trust grow. Sessions follow a "
            "simple structure: check-in, a topic (sleep, worry, avoidance), and a small step to "
            "try before next time."
        ),
        "body": [
            para(
                "<p>This is a closed group, so that members get to know each other. If you'd "
                "like a place in the next group, ask with the form on this page and Sam will "
                "get in touch.</p>"
            ),
        ],
    },
]

# Private addresses: requests to join a facilitator's ask-first or closed group go here. Never
# shown on the site.
FACILITATOR_EMAILS = {
    "Aisha Rahman": "aisha.rahman@hearth.example",
    "Sam Lee": "sam.lee@hearth.example",
}

# (event slug, which upcoming date (0 = next), reason)
CANCELLATIONS = [
    (
        "tuesday-evening-meditation",
        1,
        "Priya is on retreat this week. We meet again as usual the following Tuesday.",
    ),
]

# (event slug, which upcoming date, venue slug or None, minutes later, note)
MOVES = [
    (
        "open-studio",
        0,
        "hearth-rooms-chapel-allerton",
        0,
        "This session moves to the Hearth Rooms in Chapel Allerton while the studio's heating "
        "is repaired. Same time.",
    ),
    (
        "mens-mental-health-circle",
        2,
        None,
        30,
        "Starting half an hour later this week, at 19:30, because of the centre's open evening.",
    ),
]

# The header and footer: (page slug, None) links a page by its title, (path, label) anything.
NAVIGATION = {
    "header": [
        ("whats-on", None),
        ("/whats-on/calendar/", "Calendar"),
        ("venues", None),
        ("about-us", "About us"),
    ],
    "footer": [
        ("about-us", None),
        ("safe-space-guidelines", None),
        ("resources", None),
        ("contact", None),
        ("privacy", None),
        ("/whats-on/subscribe/", "Add our dates to your calendar"),
    ],
    "contact_email": "hello@hearth.example",
    # A number from Ofcom's range for drama: never anyone's real line.
    "contact_phone": "0113 496 0000",
}

STANDARD_PAGES = [
    {
        "title": "About us",
        "slug": "about-us",
        "intro": (
            "Hearth is a small charity in Leeds that brings people together for their "
            "wellbeing, in ordinary rooms, at low or no cost."
        ),
        "body": [
            heading("Why we started"),
            para(
                "<p>Hearth began in 2019 as one meditation group in a borrowed room in Chapel "
                "Allerton. The people who came kept saying the same thing: what helped most was "
                "not the technique but being in a room with others who understood. We now run "
                "more than a dozen gatherings a week across the city.</p>"
            ),
            heading("How we work"),
            para(
                "<ul><li><b>Low or no cost.</b> Nothing we run costs more than a few pounds, "
                "and nobody is turned away for lack of money.</li>"
                "<li><b>Led by people who understand.</b> Our facilitators are trained, and "
                "many have lived experience of what their group is about.</li>"
                "<li><b>Accessible by default.</b> We choose venues for their access, and we "
                "tell you plainly what each place does and doesn't have.</li></ul>"
            ),
            quote(
                "We are not a clinic. We are a warm room, a kettle, and people who turn up.",
                "Hearth's founding volunteers",
            ),
            heading("Get involved"),
            para(
                "<p>We rely on volunteers to set up rooms, greet newcomers and make tea. If you "
                "can spare two hours a month, e-mail "
                "<a href='mailto:hello@hearth.example'>hello@hearth.example</a>.</p>"
            ),
        ],
    },
    {
        "title": "Safe-space guidelines",
        "slug": "safe-space-guidelines",
        "intro": (
            "A few simple agreements that help everyone feel safe enough to come back. We read a "
            "short version of them at the start of each group."
        ),
        "body": [
            heading("What we ask of everyone"),
            para(
                "<ol><li><b>What is said here stays here.</b> Share what you learned, not who "
                "said it.</li>"
                "<li><b>Speak for yourself.</b> Say \u201cI\u201d rather than "
                "\u201cyou\u201d or \u201cpeople\u201d.</li>"
                "<li><b>Listen without fixing.</b> Offer advice only when someone asks for "
                "it.</li>"
                "<li><b>You can always pass.</b> Nobody has to speak, join in or explain "
                "why not.</li>"
                "<li><b>Respect difference.</b> No racism, sexism, homophobia, transphobia, "
                "ableism or any other kind of discrimination.</li></ol>"
            ),
            callout(
                "If something goes wrong",
                "<p>Talk to the facilitator during or after the session, or e-mail "
                "<a href='mailto:care@hearth.example'>care@hearth.example</a>. We reply within "
                "two working days and take every concern seriously.</p>",
            ),
            heading("Confidentiality and its limits"),
            para(
                "<p>Facilitators keep what you tell them private. The only exception is if we "
                "believe you or someone else is at risk of serious harm; then we may need to "
                "contact emergency services, and we will tell you first whenever we can.</p>"
            ),
        ],
    },
    {
        "title": "Resources",
        "slug": "resources",
        "intro": (
            "Other places to find help in Leeds and nationally, for the times between our "
            "gatherings."
        ),
        "body": [
            callout(
                "In a crisis",
                "<p>Call <b>999</b> if you are in danger. For urgent mental health help, call "
                "<b>NHS 111</b> and choose the mental health option. Samaritans answer on "
                "<b>116 123</b>, free, at any hour.</p>",
            ),
            heading("Talking therapies"),
            para(
                "<p>You can refer yourself to NHS talking therapies for anxiety and depression "
                "without seeing a GP. Search for \u201cNHS talking therapies Leeds\u201d or ask "
                "your GP surgery.</p>"
            ),
            heading("Bereavement"),
            para(
                "<p>Cruse Bereavement Support runs a free national helpline. Aisha, who leads "
                "our bereavement group, can also point you to local services.</p>"
            ),
            heading("Looking after yourself"),
            para(
                "<ul><li>Keep a small routine: getting up, getting outside, eating "
                "something.</li><li>Tell one person how you really are.</li>"
                "<li>Come to a gathering, even if you just sit at the back.</li></ul>"
            ),
        ],
    },
    {
        "title": "Contact us",
        "slug": "contact",
        "intro": "A real person reads every message, usually within two working days.",
        "body": [
            heading("E-mail"),
            para(
                "<p>Write to <a href='mailto:hello@hearth.example'>hello@hearth.example</a> "
                "about anything: choosing a gathering, access at a venue, volunteering, or "
                "something that went wrong.</p>"
            ),
            heading("Phone"),
            para(
                "<p>Call <a href='tel:01134960000'>0113 496 0000</a>, Monday to Friday, 10am to "
                "4pm. If nobody answers, leave a message and we will ring you back.</p>"
            ),
            heading("Joining a group that asks first"),
            para(
                "<p>Some groups, like bereavement support, ask newcomers to get in touch first. "
                "Each of those has a short form on its page that goes straight to the person "
                "who leads it.</p>"
            ),
            callout(
                "Need support now?",
                "<p>We are not a crisis service and cannot answer urgently. If you are in "
                "danger, call <b>999</b>. Samaritans answer on <b>116 123</b>, free, at any "
                "hour.</p>",
            ),
        ],
    },
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "intro": (
            "What we keep about you when you book or ask to join a group, who sees it, and "
            "when we erase it. In short: as little as we can, for as short a time as we can."
        ),
        "body": [
            heading("When you book a place"),
            para(
                "<p>We ask for a name (a first name is enough), an e-mail address and how many "
                "places you need; access needs are optional. We use them to hold your place, "
                "send your confirmation, a reminder the day before and news if the date "
                "changes, and nothing else. Only the organisers of that gathering see them, and "
                "every time they look it is recorded.</p>"
            ),
            heading("When you ask to join a group"),
            para(
                "<p>Your name, e-mail address and message go to the people who run that group "
                "(its facilitator and organisers), only so they can answer you.</p>"
            ),
            heading("How long we keep it"),
            para(
                "<ul><li><b>Bookings:</b> names, e-mail addresses and access needs are erased "
                "30 days after the date. We keep only counts (how many came), never who.</li>"
                "<li><b>Requests to join:</b> erased 90 days after the last reply.</li>"
                "<li><b>The link to your booking</b> and your personal calendar link stop "
                "working when your details are erased. You can stop your calendar link at any "
                "time from your booking page.</li></ul>"
            ),
            heading("What we never do"),
            para(
                "<ul><li>We never show who is coming on the website or in our calendars.</li>"
                "<li>We never sell or share your details, and we send no marketing.</li>"
                "<li>We use no tracking or advertising cookies: only the ones that make forms "
                "work safely.</li></ul>"
            ),
            para(
                "<p>You can give your booking a discreet name, so that your e-mails and "
                "calendar show, for example, “Tuesday group” instead of the gathering’s name.</p>"
            ),
            heading("Your rights"),
            para(
                "<p>You can ask to see, correct or erase what we hold about you at any time: "
                "write to <a href='mailto:hello@hearth.example'>hello@hearth.example</a>. If "
                "you are unhappy with how we handle your data, you can complain to the "
                "Information Commissioner's Office (ico.org.uk).</p>"
            ),
        ],
    },
]


# A few pages in Polish and Arabic, as an organiser would translate them from each page's
# "Translate" menu (hearth/translations.py). Written by us, not by native speakers: an
# organisation should have them reviewed before relying on them (README, "Languages").
# Keyed by the page's slug in English (the home page by ""); each gathering's dates, places and
# booking rules stay those of its English page.
TRANSLATIONS = {
    "pl": {
        "": {
            "title": "Hearth",
            "intro": (
                "Hearth prowadzi w Leeds bezpłatne i tanie spotkania dla każdego, kto chce "
                "czuć się trochę mniej samotny: medytację, sztukę, łagodny ruch, spacery i "
                "grupy wsparcia. Przyjdź taki, jaki jesteś; na większość spotkań nie trzeba się "
                "zapisywać."
            ),
            "body": [
                heading("Jesteś tu pierwszy raz?"),
                para(
                    "<p>Większość osób przychodzi na pierwsze spotkanie sama i trochę niepewnie. "
                    "To normalne. Każde spotkanie zaczyna się od krótkiego powitania, nikt nie "
                    "musi mówić o niczym, o czym nie chce, i można wyjść w każdej chwili.</p>"
                ),
            ],
        },
        "whats-on": {
            "title": "Co się dzieje",
            "intro": (
                "Wszystko, co prowadzimy, tydzień po tygodniu. Na większość spotkań można po "
                "prostu przyjść; jeśli grupa prosi o wcześniejszy kontakt, piszemy o tym."
            ),
        },
        "venues": {
            "title": "Miejsca",
            "intro": (
                "Gdzie się spotykamy i jak tam dotrzeć. Przy każdym miejscu piszemy wprost o "
                "dostępności, także o tym, czego brakuje, żeby można było zaplanować drogę."
            ),
        },
        "tuesday-evening-meditation": {
            "title": "Wtorkowa medytacja wieczorna",
            "summary": (
                "Spokojna godzina na koniec dnia pracy: dwie krótkie medytacje z przewodnikiem, "
                "trochę łagodnego ruchu i herbata. Początkujący bardzo mile widziani."
            ),
            "cost": "Bezpłatnie, datki mile widziane",
            "what_to_expect": (
                "Siedzimy na krzesłach (albo na poduszkach) podczas dwóch 20-minutowych "
                "medytacji z krótkim rozciąganiem pomiędzy nimi. Ubierz się wygodnie. Nie "
                "musisz nic mówić i możesz przyjść kilka minut później: wejdź cicho i usiądź "
                "gdziekolwiek. Jeśli nie możesz dotrzeć, dołącz przez połączenie wideo: link "
                "przychodzi z rezerwacją."
            ),
            "body": [
                para(
                    "<p>Wtorkowe wieczory to najdłużej działające spotkania Hearth. Co tydzień "
                    "Priya proponuje prostą praktykę, zwykle oddech, ciało albo dźwięki, i "
                    "kilka słów o tym, jak korzystać z niej na co dzień.</p>"
                ),
            ],
        },
        "sunday-walking-group": {
            "title": "Niedzielna grupa spacerowa",
            "summary": (
                "Przyjazny spacer, około pięciu kilometrów wokół Roundhay Park, spokojnym "
                "tempem, zakończony gorącym napojem w kawiarni Lakeside."
            ),
            "cost": "Bezpłatnie",
            "what_to_expect": (
                "Idziemy tempem najwolniejszej osoby i często się zatrzymujemy. Załóż buty, w "
                "których przejdziesz po mokrej trawie, i weź coś przeciwdeszczowego. Psy na "
                "smyczy są mile widziane. Jeśli pogoda będzie niebezpieczna, do 8 rano "
                "ogłosimy tu odwołanie."
            ),
        },
    },
    "ar": {
        "": {
            "title": "Hearth",
            "intro": (
                "تنظّم Hearth في ليدز لقاءات مجانية أو منخفضة التكلفة لكل من يريد أن يشعر "
                "بوحدة أقل: تأمّل وفن وحركة لطيفة ونزهات ومجموعات دعم. تعال كما أنت؛ معظم "
                "اللقاءات لا تحتاج إلى حجز."
            ),
            "body": [
                heading("هل أنت هنا لأول مرة؟"),
                para(
                    "<p>يأتي معظم الناس إلى لقائهم الأول وحدهم وبشيء من التردد، وهذا طبيعي. "
                    "يبدأ كل لقاء بترحيب قصير، ولا يُطلب من أحد أن يشارك ما لا يريد، ويمكنك "
                    "المغادرة متى شئت.</p>"
                ),
            ],
        },
        "whats-on": {
            "title": "ما الذي يجري",
            "intro": (
                "كل ما ننظّمه، أسبوعًا بعد أسبوع. معظم اللقاءات مفتوحة بلا موعد؛ وإذا طلبت "
                "مجموعة أن تتواصل معها أولًا فإننا نذكر ذلك."
            ),
        },
        "tuesday-evening-meditation": {
            "title": "تأمّل مساء الثلاثاء",
            "summary": (
                "ساعة هادئة في نهاية يوم العمل: جلستا تأمّل قصيرتان بإرشاد، وقليل من الحركة "
                "اللطيفة، ثم الشاي. المبتدئون مرحَّب بهم جدًا."
            ),
            "cost": "مجاني، والتبرعات مرحَّب بها",
            "what_to_expect": (
                "نجلس على كراسٍ (أو وسائد إن شئت) لتأمّلين مدة كل منهما 20 دقيقة بينهما تمدّد "
                "قصير. ارتدِ ملابس مريحة. لست مضطرًا إلى الكلام أبدًا، ولا بأس أن تصل متأخرًا "
                "بضع دقائق: ادخل بهدوء واجلس حيث شئت."
            ),
        },
    },
}

# The support signposting in the other languages (SupportSettings.in_other_languages): the same
# numbers, which work whatever language someone speaks.
SUPPORT_IN_OTHER_LANGUAGES = {
    "pl": {
        "heading": "Potrzebujesz wsparcia teraz?",
        "text": (
            "<p>Jeśli grozi ci niebezpieczeństwo albo zrobiłeś sobie krzywdę, zadzwoń pod "
            "<b>999</b> lub jedź na SOR (A&amp;E).</p>"
            "<ul><li>Samaritans: zadzwoń pod <b>116 123</b>, bezpłatnie, o każdej porze dnia i "
            "nocy.</li>"
            "<li>NHS 111: zadzwoń pod <b>111</b> i wybierz opcję zdrowia psychicznego, gdy "
            "potrzebujesz pilnej pomocy.</li>"
            "<li>Shout: wyślij SMS <b>SHOUT</b> pod numer <b>85258</b>, jeśli rozmowa to za "
            "dużo.</li></ul>"
            "<p>Spotkania Hearth to wsparcie rówieśnicze, a nie pomoc kryzysowa.</p>"
        ),
    },
    "ar": {
        "heading": "هل تحتاج إلى دعم الآن؟",
        "text": (
            "<p>إذا كنت في خطر أو آذيت نفسك، فاتصل بالرقم <b>999</b> أو توجّه إلى قسم الطوارئ "
            "(A&amp;E).</p>"
            "<ul><li>Samaritans: اتصل بالرقم <b>116 123</b> مجانًا، في أي وقت ليلًا أو نهارًا."
            "</li>"
            "<li>NHS 111: اتصل بالرقم <b>111</b> واختر خيار الصحة النفسية للمساعدة العاجلة."
            "</li>"
            "<li>Shout: أرسل رسالة نصية <b>SHOUT</b> إلى الرقم <b>85258</b> إذا كان الكلام صعبًا "
            "عليك.</li></ul>"
            "<p>لقاءات Hearth دعمٌ من الأقران، وليست خدمة للأزمات.</p>"
        ),
    },
}

# The categories' names in the other languages (Category.in_other_languages), by slug.
CATEGORIES_IN_OTHER_LANGUAGES = {
    "meditation": {
        "pl": (
            "Medytacja",
            "Siedzimy, oddychamy i odpoczywamy razem; początkujący zawsze mile widziani.",
        ),
        "ar": ("تأمّل", "نجلس ونتنفّس ونرتاح معًا؛ المبتدئون مرحَّب بهم دائمًا."),
    },
    "art-therapy": {
        "pl": (
            "Arteterapia",
            "Tworzymy, żeby poczuć się lepiej, a nie żeby tworzyć sztukę. Nie trzeba umiejętności.",
        ),
        "ar": ("العلاج بالفن", "نصنع الأشياء لنشعر بتحسّن، لا لنصنع فنًا. لا حاجة إلى أي مهارة."),
    },
    "fitness": {
        "pl": ("Ruch", "Łagodny ruch: joga, rozciąganie i siła we własnym tempie."),
        "ar": ("لياقة بدنية", "حركة لطيفة: يوغا وتمدّد وتقوية بالسرعة التي تناسبك."),
    },
    "walking": {
        "pl": ("Spacery", "Spacery po parkach i dolinach Leeds, tempem najwolniejszej osoby."),
        "ar": ("مشي", "نزهات في حدائق ليدز ووديانها، بسرعة أبطأ المشاة."),
    },
    "peer-support": {
        "pl": (
            "Wsparcie rówieśnicze",
            "Grupy prowadzone przez osoby, które same przez to "
            "przeszły, dla osób, które przez to przechodzą.",
        ),
        "ar": ("دعم الأقران", "مجموعات يقودها أشخاص مرّوا بالتجربة، لمن يمرّون بها الآن."),
    },
}
