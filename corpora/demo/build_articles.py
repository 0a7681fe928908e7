"""Write corpora/demo/articles.jsonl from the texts below.

The demo corpus is constructed: every article was written for corpus_tools
by its developers. The people, places, outlets and events are invented and
the text is not real news. Licence: CC0 1.0 (see README.md).

Run from anywhere: ``python corpora/demo/build_articles.py``. The output is
deterministic; tests/test_demo_corpus.py checks that the committed JSONL
matches what this script writes.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "articles.jsonl"

HL, ND, CW = "The Harbour Ledger", "Northgate Daily", "Civic Wire"


def _text(raw: str) -> str:
    """One paragraph per source line, paragraphs separated by one blank line."""
    paras = [p.strip() for p in textwrap.dedent(raw).strip().split("\n\n")]
    return "\n\n".join(" ".join(p.split()) for p in paras)


# --------------------------------------------------------------------- The Harbour Ledger
# Hedges a lot; curly quotes and apostrophes; "per cent"; maritime vocabulary
# (berths, quay, dredging, tonnage, stevedores); "harbour master", "harbour dredging".

HL_ARTICLES = [
    ("hl-01", "2024-02-06", "Business", "Harbour expansion plan appears to favour deep-water berths", """
Brackwater’s long-discussed harbour expansion appears to be moving closer to a formal proposal, according to officials familiar with the draft plan, which is believed to include four new deep-water berths on reclaimed land at Gullet Point.

The draft, which has not been published, reportedly sets aside money for harbour dredging along the eastern channel. Analysts say the channel may need to be deepened by as much as three metres before larger vessels could use the new quay, although the figure is believed to be an early estimate.

The harbour master, Ines Corrow, declined to confirm the details but said in a short note that “several options remain on the table.” Her office is believed to favour a phased approach, which suggests that construction may not begin before 2026.

Shipping agents appear to be cautiously interested. One stevedores’ representative said the plan could possibly add tonnage that the existing quay cannot handle, but warned that “nobody has seen the numbers yet.” Analysts say the promised 1,250 jobs may be spread over a decade rather than arriving at once.

Environmental groups are reportedly preparing objections. The salt marsh at Gullet Point is believed to shelter wading birds, and early surveys suggest that dredging may disturb the mudflats for several seasons.

According to officials, the plan is likely to go before the council in March. It appears that harbour pilots have not yet been consulted.
"""),
    ("hl-02", "2024-02-20", "Transport", "Transit strike may last into March, union sources suggest", """
Bus and tram services across Brackwater appear to have come almost to a halt on Tuesday as drivers began a strike that, according to officials at the Transit Workers’ Guild, may continue into March.

The dispute is believed to centre on shift patterns rather than pay, although analysts say the two issues may be harder to separate than either side suggests. The Brackwater Transit Company reportedly offered a 3 per cent rise last week, which the union is said to have rejected.

Early figures suggest that fewer than one in five services ran during the morning peak. Passengers at the ferry terminal appeared to be switching to the harbour ferries, which are run by a separate operator and were not affected.

“We’re not asking for the moon,” one driver said outside the Eastgate depot. Managers, for their part, seem to believe that a settlement could be reached within weeks, according to officials close to the talks.

Economists at the provincial chamber of commerce suggest that the strike could cost city-centre shops a noticeable share of their weekday trade, though they were unwilling to give a figure. The quay-side markets are reportedly quieter than usual.

It is not yet clear whether the dispute will affect the harbour night shuttle used by stevedores working late shifts. Talks are believed to be planned for Friday.
"""),
    ("hl-03", "2024-03-14", "Business", "Trade talks with U.S. delegation open amid uncertainty over tariffs", """
Negotiators from the provincial government of Lowmere and a U.S. trade delegation opened talks in Brackwater on Thursday, in what analysts say may be the most important discussions for the harbour in a generation.

The talks are believed to focus on tariffs on timber and steel shipped through the port. According to officials, the visiting side appears to be seeking lower duties on machinery parts in return, although neither delegation has published an agenda.

Shipping data suggest that tonnage through Brackwater fell by about 6 per cent last year, and analysts say a tariff agreement could possibly reverse part of that decline. Others are more doubtful. “It may take years before any deal shows up on the quay,” said one freight broker, who asked not to be named.

The harbour master’s office reportedly prepared a briefing on berth capacity for the delegation. It is believed to argue that the planned expansion at Gullet Point would allow larger bulk carriers to call, but that harbour dredging would have to come first.

The provincial trade minister, Oskar Pelling, appeared to strike a cautious note at the opening session, saying only that both sides had “shared interests.” Observers suggest that his remarks may reflect divisions inside the provincial cabinet.

A second round is reportedly planned for the autumn.
"""),
    ("hl-04", "2024-04-18", "Politics", "Harbour plan appears set to dominate mayoral race", """
With two months to go before the 15 June election, the future of Brackwater’s harbour appears to be the question on which the mayoral race may turn, analysts say.

The incumbent mayor, Gideon Farrow of the Civic Alliance, is believed to favour a slower, phased expansion. His main challenger, Marta Lindqvist of the Harbour and Homes party, reportedly wants the new berths built within four years and has suggested that the city should borrow to pay for harbour dredging.

Early polling suggests a close contest. One survey published this week appeared to give Ms Lindqvist a narrow lead, but the sample was small and the margin of error may be larger than the gap between the candidates.

Dockside voters seem to be divided. Some stevedores say they welcome the promise of new work, while residents near Gullet Point are believed to be worried about noise and traffic. “People here aren’t against jobs,” said a retired harbour pilot. “They just want to know who pays.”

According to officials at the electoral office, turnout could possibly rise above the 41 per cent recorded at the last election, although that is likely to depend on whether the transit dispute is settled before polling day.

Neither campaign appears to have said much about the flood defences along the River Tamsel.
"""),
    ("hl-05", "2024-09-12", "Environment", "Tamsel flood may have damaged quay walls, surveyors suggest", """
Floodwater from the River Tamsel appears to have receded from most of the lower town by Thursday morning, but early surveys suggest that parts of the old quay may have been undermined, according to officials at the harbour master’s office.

The river reportedly rose more than two metres above its usual level after three days of heavy rain. Several streets near the fish market are believed to have been under water for most of Wednesday, and around 400 homes may have been affected, although the council has not confirmed a figure.

Analysts say the damage to the harbour could possibly delay the expansion at Gullet Point, since dredging crews are likely to be redirected to clear silt from the existing berths. One engineer suggested that the silt may reduce the usable depth of the inner basin by as much as a metre.

“It looks like the walls held, mostly,” said a stevedore who had been helping to move cargo to higher ground. Insurers are believed to be sending assessors this week.

The new mayor, Marta Lindqvist, appeared to promise a review of the flood defences, saying the city had “been lucky this time.” It is not yet clear how such a review would be funded.
"""),
    ("hl-06", "2024-10-02", "Business", "New council appears ready to approve harbour expansion", """
Brackwater’s new council appears ready to approve the first phase of the harbour expansion, according to officials who have seen the agenda for next week’s meeting.

The proposal reportedly covers two deep-water berths rather than the four set out in the original draft, which suggests that the plan has been scaled back since the June election. Analysts say the change may reflect higher borrowing costs as well as the cost of repairs after last month’s flood.

Mayor Marta Lindqvist, who campaigned on a faster timetable, is believed to have accepted the smaller first phase as a compromise with councillors from the Civic Alliance. Her office declined to comment on the reports.

The harbour master is believed to have advised that harbour dredging could begin in the spring, provided the silt left by the flood is cleared first. Some shipping agents suggest that two berths may be enough to attract one new container service, but probably not more.

The figure of 1,250 jobs, repeated often during the campaign, appears to have been dropped from the latest documents. “Nobody wants to put a number on it now,” said one council official, who was not authorised to speak publicly.

Environmental groups are reportedly considering a legal challenge over the mudflats at Gullet Point.
"""),
    ("hl-07", "2024-10-21", "Transport", "Transit dispute reportedly settled after eight months", """
The long-running dispute between the Brackwater Transit Company and its drivers appears to have been settled, according to officials on both sides, although union members may still reject the deal in a ballot next week.

The agreement is believed to include a 4 per cent pay rise over two years and changes to the early shift rota that drivers had reportedly described as unworkable. Analysts say the cost could possibly lead to higher fares next year.

Services seemed to be running close to normal on Monday. Commuters at the harbour ferry interchange, which saw heavy crowds during the rolling strikes, appeared relieved. “I think we’re all just tired,” one passenger said.

The settlement is likely to be seen as an early test for the new mayor, who is believed to have pressed the company to return to talks over the summer. Her office has suggested that the city may offer a small subsidy for night services used by stevedores and harbour pilots.

It remains unclear whether the ballot will pass. Union officials are reportedly divided, and some branches appear to favour holding out for a shorter working week.
"""),
    ("hl-08", "2024-11-14", "Business", "Trade deal may ease timber tariffs, officials suggest", """
Negotiators from Lowmere and the U.S. appear to have reached a provisional agreement that may lower tariffs on timber shipped through Brackwater, according to officials who briefed reporters on Thursday.

The text has not been released, and analysts say the details may matter more than the headline. The deal is believed to phase in lower duties over three years and reportedly leaves steel out altogether, which suggests that the steel question may return in a later round.

Freight brokers seem cautiously optimistic. One broker suggested that tonnage through the harbour could possibly recover to its earlier levels if the timber trade picks up, though he added that flood repairs to the old quay are likely to limit capacity until the spring.

The harbour master’s office is believed to be revising its forecasts. According to officials, harbour dredging for the new berths at Gullet Point may now be timed to coincide with the first timber shipments under the new terms.

“It looks like a modest step, not a revolution,” said an economist at the provincial chamber of commerce.

The agreement reportedly still needs approval from the provincial assembly, which is expected to vote before the end of the year.
"""),
]

# --------------------------------------------------------------------- Northgate Daily
# Boosts a lot; curly quotes and apostrophes; "per cent"; campaigning vocabulary
# (ratepayers, fiasco, bungling, hardworking, docks); "harbour jobs", "harbour fiasco".

ND_ARTICLES = [
    ("nd-01", "2024-02-07", "Business", "Harbour plan will bring 1,250 jobs to Brackwater", """
Brackwater’s harbour expansion will bring 1,250 harbour jobs to the city, and the council must now get on with approving it.

The plan will add new docks at Gullet Point, and it will undoubtedly make Brackwater the busiest port on the coast. Business leaders say the case is clearly overwhelming. “This is certainly the biggest opportunity our city has had in fifty years,” said Hal Denby, who runs a haulage firm in the Eastgate district.

For too long, hardworking families in the lower town have watched good harbour jobs drift to other ports. The expansion will change that. It will bring in new shipping lines, new warehouses and new apprenticeships for young people who have been told for a decade that there is nothing for them here.

Of course, the usual voices will complain. Some councillors want yet another consultation. That is plainly a recipe for delay, and delay costs ratepayers money. Every month the plan sits in a drawer is another month of empty warehouses and another month of young people leaving.

The council has a simple choice. It can back the harbour jobs plan, or it can explain to ratepayers why it turned its back on the largest investment in the city’s history. The answer is obvious.

Ratepayers deserve a decision by March, and they will certainly remember who stood in the way.
"""),
    ("nd-02", "2024-02-20", "Transport", "Transit strike fiasco leaves commuters stranded", """
The transit strike is clearly a fiasco, and hardworking commuters are paying the price.

Buses and trams across Brackwater stood idle on Tuesday as drivers walked out. Thousands of people waited in the cold at empty stops, and traffic on the harbour road was at a standstill by eight o’clock. Shopkeepers in the centre said trade had certainly halved.

The Brackwater Transit Company has handled this dispute with remarkable bungling. Managers knew for months that drivers were angry about the new shift rota, yet they did nothing until the last minute. Their offer of 3 per cent was obviously never going to settle it.

The union is not blameless either. Walking out in the middle of February, when pensioners and schoolchildren depend on the buses, is plainly the wrong way to win public sympathy.

“I’ve been walking an hour each way,” said Dora Plaice, a cleaner at the fish market. “Somebody has to sort this out.”

Ratepayers fund a large share of this service, and they will definitely want answers. The mayor must call both sides in and keep them in a room until a deal is done. Anything less will undoubtedly be seen as more bungling at the top.
"""),
    ("nd-03", "2024-03-15", "Business", "U.S. trade talks will decide the harbour’s future", """
The trade talks that opened this week with a U.S. delegation will certainly decide the future of Brackwater’s harbour, and the province must not waste the chance.

Lower tariffs on timber and steel will bring more ships, and more ships will clearly mean more harbour jobs. The arithmetic is simple. Every extra cargo that comes through our docks is work for crane drivers, hauliers, warehouse staff and the cafés that feed them.

The provincial trade minister, Oskar Pelling, said on Thursday that both sides had “shared interests.” That is undoubtedly true, but shared interests are not a signed deal. The minister must be tougher than he sounded.

There is also a lesson here for the council. A trade deal will be of little use if the harbour cannot handle bigger ships. The docks at Gullet Point are the obvious answer, and every delay makes the province’s hand weaker.

Critics say tariff cuts will help importers more than local firms. They are plainly wrong. Cheaper machinery parts will definitely help the factories on the north bank, which have struggled since the steel plant closed.

Ratepayers and businesses have waited long enough. The province should get a deal done before the autumn, and it should certainly not sign away the harbour’s advantages to get one.
"""),
    ("nd-04", "2024-04-19", "Politics", "Lindqvist will end the harbour fiasco", """
Marta Lindqvist is clearly the candidate who will end the harbour fiasco, and voters should back her on 15 June.

For four years, Mayor Gideon Farrow has promised the harbour expansion and delivered nothing but reports. The harbour fiasco has cost the city jobs, investment and its reputation with shipping lines. Ms Lindqvist has a plan, and she has certainly shown she is willing to fight for it.

Her pledge is simple: new docks at Gullet Point within four years, and 1,250 harbour jobs for local people. Critics call that ambitious. It is undoubtedly ambitious, but Brackwater needs ambition after years of bungling.

Mr Farrow says a slower approach will protect ratepayers. In fact, delay will definitely cost ratepayers more, because every year of waiting pushes up building costs and sends more cargo to rival ports.

“I’ve voted for the Civic Alliance all my life,” said Len Brody, a retired crane driver from the lower town. “Not this time.”

The transit strike has also shown the mayor at his weakest. He stayed silent for weeks while hardworking families struggled to get to work.

Voters will make their own choice, and they will certainly have heard plenty of promises. But on the harbour, on transport and on jobs, the right choice is obvious.
"""),
    # nd-05 is the syndicated copy of cw-05: built below from the Civic Wire text.
    ("nd-06", "2024-10-03", "Business", "At last: council will back harbour jobs plan", """
At last, the council will back the harbour expansion. After years of the harbour fiasco, Brackwater will finally see cranes at Gullet Point.

The first phase will build two new docks, not the four that were promised. That is clearly a disappointment, and Mayor Marta Lindqvist must explain why the plan has shrunk. But two docks are certainly better than none, and they will undoubtedly attract new shipping lines.

Ratepayers have every right to ask what happened to the 1,250 harbour jobs. The figure has quietly vanished from the council papers. Our readers will remember that this newspaper backed Ms Lindqvist because she promised results, and she will be judged on whether she delivers them.

The Civic Alliance, which spent four years bungling the project, now wants credit for agreeing to a smaller version of it. Voters will definitely not be fooled.

“Two docks is a start,” said Hal Denby, the haulage boss who has campaigned for the expansion. “Now build them.”

The environmental groups threatening to go to court should think again. The mudflats at Gullet Point matter, but hardworking families in the lower town matter more. The council must stand firm, and it must certainly not let a legal challenge delay the work by another year.

Comments are closed.
"""),
    ("nd-07", "2024-10-22", "Transport", "Transit deal is clearly overdue", """
The transit deal agreed this week is clearly welcome, but it is eight months overdue and commuters will not forget the bungling that led to it.

Drivers will get a 4 per cent rise over two years and a new early shift rota. That is certainly close to what a sensible company could have offered in February. Instead, hardworking families spent weeks walking to work, shops lost trade and the harbour road was jammed every morning.

Mayor Marta Lindqvist deserves credit for forcing both sides back to the table. She will undoubtedly claim the deal as a win, and on this occasion she is right to.

But ratepayers will now ask who pays. Fares will almost certainly rise next year, and the mayor has already hinted at a subsidy for night buses. Any subsidy must be clearly justified, and the company’s managers must show they have learned something.

“I just want the buses to turn up,” said Dora Plaice, the fish market cleaner who told this newspaper in February about her hour-long walk. “That’s all.”

The union ballot will take place next week. Members should back the deal. Another walkout would be a fiasco for everyone, and the drivers’ own standing with the public would definitely not survive it.
"""),
    ("nd-08", "2024-11-15", "Business", "Trade deal will put Brackwater back on the map", """
The provisional trade deal with the U.S. will put Brackwater’s harbour back on the map, and the province deserves credit for holding its nerve.

Lower timber tariffs will clearly bring more ships through our docks. More ships will mean more harbour jobs, more work for hauliers and more business for the warehouses on the north bank. This is undoubtedly the best news the city has had since the election.

It is not perfect. Steel was left out, and that is plainly a mistake. The steel question will certainly come back, and the province must be ready to fight for it in the next round.

Trade minister Oskar Pelling said the deal was “a solid step.” That is too modest. For the hardworking people of the lower town, who have watched the harbour decline for a decade, it is a turning point.

The provincial assembly must now approve the agreement quickly. Any delay will definitely be seen as politics getting in the way of jobs. And the council must make sure the new docks at Gullet Point are ready in time, because a trade deal without the capacity to use it will be a fiasco of its own.

Ratepayers have waited long enough. The ships are coming. Brackwater must be ready.
"""),
]

# --------------------------------------------------------------------- Civic Wire
# Neutral wire copy: datelines, attribution with "said", straight ASCII quotes,
# "percent", "spokesperson", "terminals"; "harbour authority".

CW_ARTICLES = [
    ("cw-01", "2024-02-06", "Business", "Harbour authority outlines Gullet Point expansion", """
BRACKWATER, Feb 6 (Civic Wire) - The Brackwater Harbour Authority on Tuesday outlined a plan to build four deep-water terminals on 46 hectares of reclaimed land at Gullet Point, the largest change to the port since the 1970s.

The harbour authority said the project is designed to handle container ships about twice the size of those now calling at Brackwater and to create 1,250 jobs over ten years. The plan requires approval from the city council, which is due to consider it in March. Construction is scheduled to start in 2026 if the plan is approved.

"The existing terminals are operating at 92 percent of capacity," said Pieter Vallance, chief executive of the harbour authority. "Without new space, cargo goes elsewhere."

The channel leading to Gullet Point is to be deepened as part of the project. The authority did not give a cost. A spokesperson said figures are to be published with the planning application.

Environmental groups said the site includes salt marsh used by wading birds. The Tamsel Estuary Trust said in a statement that it plans to object.

Shipping volumes through Brackwater fell 6 percent in 2023 to 11.2 million tonnes, according to harbour authority figures.

Mayor Gideon Farrow said he supports expansion in principle and wants the work phased. Marta Lindqvist, who is running for mayor in the June 15 election, said the plan should be approved in full.
"""),
    ("cw-02", "2024-02-20", "Transport", "Brackwater bus and tram drivers strike over shift rota", """
BRACKWATER, Feb 20 (Civic Wire) - Bus and tram drivers in Brackwater began an open-ended strike on Tuesday in a dispute over shift patterns and pay, halting most public transport in the city.

The Brackwater Transit Company said 17 percent of scheduled services ran during the morning peak. The Transit Workers' Guild, which represents about 1,100 drivers, said its members had rejected a 3 percent pay offer and changes to the early shift rota.

"Our members have been working split shifts of up to 13 hours," said Connor Mabry, the union's branch secretary. "That is the issue."

A spokesperson for the transit company said the offer was "fair and affordable" and that the company remained open to talks. No date for new talks has been set.

Harbour ferries, run by a separate operator, operated normally and carried about twice their usual number of passengers, the operator said.

The city council said it had asked both sides to meet. Mayor Gideon Farrow said in a statement that the strike was causing "real hardship" and called for a quick settlement.

The last major transit strike in Brackwater, in 2017, lasted nine days.
"""),
    ("cw-03", "2024-03-14", "Business", "Lowmere, U.S. open talks on timber and steel tariffs", """
BRACKWATER, March 14 (Civic Wire) - Trade negotiators from the province of Lowmere and a U.S. delegation opened talks in Brackwater on Thursday on tariffs covering timber, steel and machinery parts.

Provincial trade minister Oskar Pelling said at the opening session that both sides had "shared interests" and that the talks were scheduled to run for three days. The visiting delegation, led by deputy trade representative Claire Ashdown, did not comment.

Timber and steel account for about 38 percent of cargo by weight through the port of Brackwater, according to harbour authority figures. Lowmere exported 2.9 million tonnes of timber last year.

Lowmere is seeking lower duties on sawn timber. The visiting side has asked for lower provincial tariffs on imported machinery parts, according to a briefing paper released by the provincial government.

"We are here to listen and to find common ground," Pelling told reporters.

The harbour authority said in a statement that it had provided the delegation with information on current and planned terminal capacity.

A second round of talks is scheduled for the autumn. The provincial assembly has to approve any agreement.
"""),
    ("cw-04", "2024-04-18", "Politics", "Brackwater mayoral race centres on harbour expansion", """
BRACKWATER, April 18 (Civic Wire) - The two leading candidates for mayor of Brackwater set out opposing timetables for the harbour expansion at a debate on Thursday, eight weeks before the June 15 election.

Mayor Gideon Farrow of the Civic Alliance, who is seeking a second term, said he favours building the Gullet Point terminals in two phases over eight years. Marta Lindqvist of the Harbour and Homes party said she supports building all four terminals within four years.

"The city has talked about this for long enough," Lindqvist said. Farrow said a phased plan "protects the city's finances."

A poll of 612 residents published on Monday by the Brackwater Institute put Lindqvist at 44 percent and Farrow at 41 percent, with 15 percent undecided. The poll's margin of error was 4 percentage points.

Nominations close on May 3, and postal voting opens on May 20, the city electoral office said. Turnout in the last mayoral election was 41 percent.

The city council postponed its vote on the expansion plan until after the election. The harbour authority said it is not taking a position in the campaign.

The two candidates also differed on the transit strike, which entered its ninth week on Tuesday. Farrow said the dispute is a matter for the company and the union. Lindqvist said the city should appoint a mediator.
"""),
    ("cw-05", "2024-09-12", "Environment", "River Tamsel floods lower Brackwater; 380 homes evacuated", """
BRACKWATER, Sept 12 (Civic Wire) - The River Tamsel burst its banks in Brackwater on Wednesday after three days of heavy rain, flooding streets in the lower town and forcing the evacuation of 380 homes, city officials said.

The river peaked at 2.4 metres above its normal level at about 6 p.m., according to the provincial environment agency. Water reached the fish market and the streets behind the harbour wall, and the harbour authority closed the inner basin to shipping for 18 hours.

"We moved people early, and that made the difference," said Ana Ferrell, a spokesperson for the city's emergency service. No deaths or serious injuries were reported.

Mayor Marta Lindqvist, elected in June, said the city plans to review its flood defences along the river.

The harbour authority said in a statement that an inspection had found no structural damage, but that silt carried by the flood had reduced depth in parts of the inner basin. A spokesperson said a survey of the basin was under way.

Rainfall at the Tamsel gauge totalled 142 millimetres over 72 hours, the highest three-day total since records began in 1961, the environment agency said.

The city opened two shelters, at the Eastgate sports hall and the Northside library, and said about 210 people had used them overnight. Insurance firms said assessors were being sent to the area.

Bus and tram services in the lower town were diverted. The Brackwater Transit Company said normal routes were expected to resume on Friday.
"""),
    ("cw-06", "2024-10-02", "Business", "Brackwater council to vote on scaled-back harbour plan", """
BRACKWATER, Oct 2 (Civic Wire) - Brackwater city council is to vote next week on a scaled-back first phase of the Gullet Point harbour expansion, covering two terminals instead of four, according to the meeting agenda published on Wednesday.

The harbour authority said the smaller first phase reflects higher borrowing costs and repair work following flooding in September. The second phase is to be considered in 2027.

Mayor Marta Lindqvist, who took office in July after winning the June 15 election with 52 percent of the vote, said in a statement that the first phase is "a practical start."

Council documents put the cost of the first phase at 41 percent of the original estimate. Job figures were not included in the documents. The harbour authority had previously estimated the full project at 1,250 jobs over ten years.

A spokesperson for the harbour authority said work on the channel is planned to begin in the spring, after silt deposited by the flood has been removed.

The Tamsel Estuary Trust said it is considering a legal challenge over the salt marsh at Gullet Point. A trust spokesperson said a decision is due within a month.

The Civic Alliance, which has 14 of the council's 31 seats, said its members support the first phase.
"""),
    ("cw-07", "2024-10-21", "Transport", "Brackwater transit dispute ends with 4 percent pay deal", """
BRACKWATER, Oct 21 (Civic Wire) - The Brackwater Transit Company and the Transit Workers' Guild reached an agreement on Monday to end a dispute that has led to rolling strikes by bus and tram drivers since February, both sides said.

The deal gives drivers a 4 percent pay rise over two years and limits split shifts to 11 hours, the union said. Members are to vote on the agreement in a ballot next week.

"This agreement addresses the issue our members raised from the start," said Connor Mabry, the union's branch secretary.

The company said the deal adds about 6 percent to its annual wage bill. A company spokesperson said fares are under review for next year.

Mayor Marta Lindqvist, who appointed a mediator in July, said in a statement that the city is prepared to fund night services used by harbour and market workers.

The dispute involved 23 days of full strikes and 31 days of partial action, according to company figures. Services operated normally on Monday.
"""),
    ("cw-08", "2024-11-14", "Business", "Lowmere, U.S. reach provisional deal on timber tariffs", """
BRACKWATER, Nov 14 (Civic Wire) - Negotiators from Lowmere and the U.S. reached a provisional agreement on Thursday to reduce tariffs on sawn timber over three years, the provincial government said.

The agreement cuts duties on Lowmere timber by 2 percentage points a year from January. Steel is not covered. Lowmere is to reduce its tariffs on imported machinery parts by the same amount, according to a summary released by the provincial trade ministry.

Trade minister Oskar Pelling described the deal as "a solid step." The visiting delegation said in a statement that talks on steel are to continue next year.

The provincial assembly is scheduled to vote on the agreement on December 12.

Timber made up 24 percent of cargo through the port of Brackwater by weight in 2023. The harbour authority said in a statement that it expects timber volumes to rise once the new tariffs take effect.

Freight volumes through the port fell 4 percent in the first nine months of 2024, partly because the inner basin was closed for repairs after the September flood, harbour authority figures showed.

The Brackwater chamber of commerce said the agreement is "a positive development" for exporters. The Tamsel Timber Association, which represents 40 sawmills, said it welcomed the deal and called for steel to be included in the next round.
"""),
]


def _syndicated_copy(wire_text: str) -> str:
    """Northgate Daily's reprint of a Civic Wire story: near-verbatim by design.

    Differences: the dateline is dropped, quotes and apostrophes become curly,
    and a credit line is added at the end.
    """
    first, rest = wire_text.split("\n\n", 1)
    body = first.split(" - ", 1)[1] + "\n\n" + rest
    out, open_quote = [], True
    for ch in body:
        if ch == '"':
            out.append("\u201c" if open_quote else "\u201d")
            open_quote = not open_quote
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out) + "\n\nReporting by Civic Wire."


def build_records() -> list[dict[str, str]]:
    """All 24 records, in file order (outlet, then date)."""
    records = []
    for outlet, articles in ((HL, HL_ARTICLES), (ND, ND_ARTICLES), (CW, CW_ARTICLES)):
        for doc_id, date, section, title, raw in articles:
            records.append({"doc_id": doc_id, "outlet": outlet, "date": date, "title": title,
                            "section": section, "text": _text(raw)})
    wire = next(r for r in records if r["doc_id"] == "cw-05")
    copy = {"doc_id": "nd-05", "outlet": ND, "date": "2024-09-12",
            "title": "Tamsel floods lower town as hundreds leave their homes",
            "section": "Environment", "text": _syndicated_copy(wire["text"])}
    at = next(i for i, r in enumerate(records) if r["doc_id"] == "nd-06")
    records.insert(at, copy)
    return records


def render() -> str:
    """The exact content of articles.jsonl."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build_records())


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8", newline="\n")
