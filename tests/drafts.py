"""A paragraph that makes a short test draft long enough to be scored, and the service's drafts.

newsaudit scores articles of 80 words or more (audit/text/admission.py); a test about
something else appends BACKGROUND to its few sentences. It is attributed, unhedged
English prose that no rule flags.
"""

BACKGROUND = (
    "\nThe union represents 1,400 dock workers at the port's three container terminals, "
    "according to its website. "
    "Its last contract expired in March, and members voted in May to authorise a strike. "
    '"Our members want a fair deal, and they want it before the holidays," said Marcus Bell, '
    "the union's vice president, in a statement on Tuesday. The Port Authority said in a "
    "statement that both sides would meet again on Thursday at its offices on Harbor Street. "
    "Ships waiting to unload were anchored outside the breakwater on Wednesday morning, "
    "according to the harbor master's daily schedule.\n"
)

# Drafts a CMS sends to `newsaudit serve`: one hedged and unsourced, one named and quoted.
HEDGED = (
    "Port talks resume\n\nThe deal reportedly collapsed on Monday, sources say, and it is unclear "
    "whether talks might just resume. Some observers believe the union could walk away.\n"
    + BACKGROUND
)
NAMED = (
    "Council approves budget\n\nThe city council approved the budget on Tuesday by a vote of "
    '7 to 2. "This protects the libraries," said Ana Ruiz, the council president.\n' + BACKGROUND
)
