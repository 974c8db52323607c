// Phrases with a sentiment of their own in contact-center talk, which VADER's word lexicon (built
// from tweets) scores wrongly: it sees nothing in "I've been on hold for an hour", finds "help"
// positive in "nobody can help me", and finds "credit" positive in "my credit card".
//
// Valences are on VADER's own −4..+4 scale, each anchored to the VADER lexicon word of the same
// strength named beside it, so a phrase weighs what the matching word would. Valence 0 marks
// vocabulary that is only a name for something here ("credit card", "customer care", "account
// number", "I'd like to"): its words stop counting.
//
// Keep the list short and each entry obvious; measure-sentiment.ts shows which tweets any change
// touches, and the tests hold the contact-center sentences it is for.

export interface DomainPhrase {
  /** Matched case-insensitively on the text with curly apostrophes made straight. */
  pattern: RegExp;
  /** −4..+4, as VADER's lexicon; 0 to make the words neutral. */
  valence: number;
  /** The VADER word of the same strength, or why the words are neutral here. */
  anchor: string;
  /** A sentence the phrase is for; the tests check that the pattern finds it. */
  example: string;
}

/** `source` is a regular expression over words; it is wrapped in word boundaries. */
const phrase = (source: string, valence: number, anchor: string, example: string): DomainPhrase => ({
  pattern: new RegExp(`\\b(?:${source})\\b`, 'giu'),
  valence,
  anchor,
  example,
});

const DURATION = String.raw`(?:for\s+)?(?:over\s+|almost\s+|nearly\s+|more\s+than\s+|about\s+)?(?:an?|one|two|three|four|five|\d+|half\s+an|twenty|thirty|forty|forty[-\s]five|fifty|ninety)\s+(?:hours?|minutes?|mins|days|weeks)`;

export const CONTACT_CENTER_PHRASES: readonly DomainPhrase[] = [
  // Multi-word entries of VADER's own lexicon, which its one-word lookup never reaches.
  phrase(String.raw`can'?t\s+stand|cannot\s+stand`, -2.0, "VADER lexicon: can't stand", "I can't stand this company."),
  phrase(String.raw`fed\s+up`, -1.8, 'VADER lexicon: fed up', "I'm fed up with this."),
  phrase(String.raw`screwed\s+up`, -1.5, 'VADER lexicon: screwed up', 'You screwed up my order again.'),

  // Waiting and repeat contact: the commonest complaints, said without a single emotive word.
  phrase(
    String.raw`(?:on\s+hold|holding|waiting|waited)\s+${DURATION}`,
    -1.9,
    'frustrating −1.9',
    "I've been on hold for an hour.",
  ),
  phrase(
    String.raw`(?:on\s+hold|waiting|waited)\s+(?:forever|for\s+ages|so\s+long|this\s+long)`,
    -1.9,
    'frustrating −1.9',
    "I've been waiting forever.",
  ),
  phrase(String.raw`still\s+waiting\s+(?:for|on)`, -1.5, 'ridiculous −1.5', "I'm still waiting for my refund."),
  phrase(
    String.raw`(?:second|third|fourth|fifth|sixth|tenth|umpteenth|\d+(?:st|nd|rd|th))\s+time\s+(?:that\s+)?(?:i'?m\s+|i\s+am\s+|i'?ve\s+|i\s+have\s+)?(?:calling|called|contacting|contacted|phoning|phoned|chatting|writing)`,
    -1.8,
    'between annoyed −1.6 and frustrated −2.4',
    "This is the third time I'm calling about this.",
  ),
  phrase(
    String.raw`called\s+(?:you\s+|here\s+)?(?:three|four|five|six|several|multiple|many|so\s+many|\d+)\s+times|keep\s+(?:having\s+to\s+)?call(?:ing)?`,
    -1.8,
    'between annoyed −1.6 and frustrated −2.4',
    "I've called you five times this week.",
  ),
  phrase(
    String.raw`keeps?\s+(?:getting\s+)?transferred|transferred\s+(?:me\s+)?(?:again|around)|bounced\s+around|passed\s+around`,
    -1.6,
    'annoyed −1.6',
    'I keep getting transferred.',
  ),

  // Something is broken, and still is.
  phrase(
    String.raw`still\s+(?:not|isn'?t|doesn'?t|won'?t|can'?t|hasn'?t\s+been|haven'?t\s+been)\s+(?:working|work|fixed|resolved|sorted|connecting|connect)|still\s+(?:broken|down|dropping|not\s+fixed)`,
    -2.2,
    'broken −2.1, said again',
    "It's still not working.",
  ),
  phrase(
    String.raw`(?:not|isn'?t|is\s+not|stopped|doesn'?t|does\s+not|don'?t|won'?t|never)\s+work(?:s|ing)?|keeps?\s+(?:dropping|disconnecting|cutting\s+out|crashing|freezing)`,
    -1.5,
    'ridiculous −1.5',
    'The internet keeps dropping every evening.',
  ),

  // Hostility towards the company or the agent, and being let down by them.
  phrase(String.raw`you\s+people`, -1.8, 'between annoyed −1.6 and frustrated −2.4', 'You people never listen.'),
  phrase(String.raw`hung\s+up\s+on\s+me`, -2.0, 'rude −2.0', 'The last agent hung up on me.'),
  phrase(
    String.raw`(?:this|that|it)\s+is\s+(?:a\s+)?joke|(?:this|that|it)'s\s+(?:a\s+)?joke`,
    -2.0,
    'rude −2.0; VADER scores joke +1.2',
    'This is a joke.',
  ),
  phrase(String.raw`waste\s+of\s+(?:my\s+|our\s+)?time`, -2.2, 'wasted −2.2', 'What a waste of my time.'),
  phrase(
    String.raw`(?:nobody|no\s+one|no-one)\s+(?:here\s+)?(?:can|could|will|would|wants\s+to|is\s+able\s+to|seems\s+able\s+to)\s+help`,
    -2.0,
    'rude −2.0; VADER scores help +1.7',
    'Nobody can help me.',
  ),
  phrase(
    String.raw`(?:nobody|no\s+one|never|didn'?t|did\s+not|hasn'?t|haven'?t)\s+(?:ever\s+)?call(?:ed)?\s+(?:me\s+)?back|never\s+(?:got|received|heard)\s+(?:a\s+|any\s+)?(?:call\s*back|response|reply|answer)`,
    -1.8,
    'between annoyed −1.6 and frustrated −2.4',
    'Nobody called me back.',
  ),
  phrase(
    String.raw`(?:speak|talk)\s+(?:to|with)\s+(?:a|your|the|someone's)\s+(?:manager|supervisor)`,
    -1.3,
    'complaint −1.2',
    'Let me speak to a supervisor.',
  ),

  // Billing complaints.
  phrase(
    String.raw`double[-\s]charged|overcharged|charged\s+(?:me\s+)?(?:twice|double|again|two\s+times)|charged\s+(?:me\s+)?for\s+something`,
    -1.7,
    'problem −1.7',
    'I was charged twice this month.',
  ),

  // Defection: leaving is a verdict on the service.
  phrase(
    String.raw`(?:cancel|close)\s+(?:my|the|this|our)\s+(?:account|service|subscription|contract|plan|membership|policy|line)`,
    -1.5,
    'ridiculous −1.5; VADER scores cancel −1.0',
    'I want to cancel my account.',
  ),
  phrase(
    String.raw`(?:switch(?:ing)?|mov(?:e|ing)|go(?:ing)?)\s+(?:over\s+)?(?:to|with)\s+(?:another|a\s+different|a\s+new|your\s+competitor|a\s+competitor)(?:\s+(?:provider|company|carrier|bank|network|supplier))?`,
    -1.5,
    'ridiculous −1.5',
    "I'm switching to another provider.",
  ),

  // The problem is solved, and thanks for it.
  phrase(
    String.raw`(?:that|this|it|you)\s+(?:fixed|solved|sorted|resolved)\s+it|(?:fixed|solved|resolved|sorted(?:\s+out)?)\s+(?:the|my|that|this|our)\s+(?:problem|issue)|(?:it'?s|it\s+is|that'?s|that\s+is|everything'?s|everything\s+is)\s+(?:working|fixed|sorted|resolved)\s+now|works\s+now|working\s+again|problem\s+solved`,
    1.9,
    'thanks +1.9',
    'That fixed it.',
  ),
  phrase(
    String.raw`thank\s+you\s+(?:so|very)\s+much|thanks\s+(?:so|very)\s+much|thanks\s+a\s+lot|many\s+thanks`,
    2.3,
    'appreciated +2.3; VADER scores thank +1.5',
    'Thank you so much.',
  ),
  phrase(
    String.raw`no\s+problem|no\s+worries|not\s+a\s+problem`,
    0.8,
    'fine +0.8: polite assent, where VADER reads "no" −1.2 and "problem" −1.7',
    'Sure, no problem.',
  ),

  // Names of things, not feelings.
  phrase(
    String.raw`\d+(?:[.,:/-]\d+)*`,
    0,
    "numbers are data here, not VADER's texting codes (143 = +3.2, 182 = −2.9)",
    'My card is [card ending 1432].',
  ),
  phrase(String.raw`credit\s+(?:card|limit|score|check|report|union)`, 0, 'a product; VADER scores credit +1.6', 'My credit card expired.'),
  phrase(String.raw`interest\s+(?:rate|rates|charge|charges)`, 0, 'a price; VADER scores interest +2.0', 'What is the interest rate?'),
  phrase(
    String.raw`customer\s+(?:care|service|support)|tech(?:nical)?\s+support|support\s+(?:team|line|ticket|agent|desk)`,
    0,
    'a department; VADER scores care +2.2, support +1.7',
    'I called customer care yesterday.',
  ),
  phrase(
    String.raw`social\s+security|security\s+(?:code|question|questions|number|pin|check)`,
    0,
    'an identifier; VADER scores security +1.4',
    'The security code is [security code].',
  ),
  phrase(String.raw`toll[-\s]free(?:\s+number)?`, 0, 'a kind of phone number; VADER scores free +2.3', "What's the toll free number?"),
  phrase(
    String.raw`(?:account|phone|order|card|reference|case|ticket|tracking|confirmation|routing|serial|member|membership|policy|customer|contact|mobile|cell|claim|invoice)\s+number`,
    0,
    'an identifier; VADER scores number +0.3',
    'My account number is 1234.',
  ),
  phrase(
    String.raw`charge[sd]?|pay|paid|payment`,
    0,
    'billing terms here; VADER reads charged as accused (−0.8), pay −0.4',
    'My card was charged on the 5th.',
  ),
  phrase(
    String.raw`(?:would|i'?d|we'?d)\s+like\s+to|would\s+you\s+like`,
    0,
    'a polite request; VADER scores like +1.5',
    "I'd like to update my address.",
  ),
  // Only the "as promised" sense of like: on the tweets, people hear "looks like", "feels like"
  // as mildly positive, so those keep VADER's +1.5 (measured; neutralising them cost F1).
  phrase(
    String.raw`like\s+(?:i|you|they|we|he|she)\s+(?:said|told\s+(?:me|you)|promised|asked|mentioned)`,
    0,
    'like as a preposition, not the verb VADER scores +1.5',
    'Nobody called me back like they promised.',
  ),
  phrase(
    String.raw`need\s+(?:some\s+)?help|help\s+(?:me\s+)?with|(?:can|could|would)\s+you\s+(?:please\s+)?help(?:\s+me)?|help\s+me\s+(?:understand|figure|find|out)`,
    0,
    'asking for help is the reason for the call, not a feeling; VADER scores help +1.7',
    'I need help with my bill.',
  ),
];
