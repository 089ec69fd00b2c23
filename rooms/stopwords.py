"""Words a word cloud leaves out, per language: articles, pronouns, prepositions, conjunctions, auxiliaries. Kept
as rooms.counting.word_key gives them (lower case, no accents), so "à" and "a" are one."""

ENGLISH = (
    "a an the and or but nor so yet of to in on at by for with from into onto about as than then that this these "
    "those there here it its is are was were be been being am do does did have has had having will would shall "
    "should can could may might must not no yes i me my mine we us our you your he him his she her they them "
    "their what which who whom whose when where why how all any each more most some such only own same too very "
    "just also if because while until up down out over under again once off"
)
GERMAN = (
    "der die das des dem den ein eine einer eines einem einen und oder aber denn sondern doch nicht kein keine "
    "keinen keinem keiner ich du er sie es wir ihr mich mir dich dir uns euch sich mein meine dein deine sein "
    "seine unser unsere euer eure ihre ist sind war waren bin bist seid wird werden wurde wurden hat haben hatte "
    "hatten habe kann konnen muss mussen soll sollen will wollen mit von zu zum zur im in an am auf aus bei fur "
    "uber unter vor nach durch gegen ohne um als wie wenn dass ob auch noch schon nur sehr so da dort hier was wer "
    "wo wann warum alle alles jede jeder jedes dieser diese dieses man ja nein"
)
FRENCH = (
    "le la les l un une des du de d et ou mais donc or ni car ne pas plus que qu qui quoi dont ce cet cette ces "
    "c ca je j me m moi tu te t toi il elle on nous vous ils elles se s son sa ses leur leurs mon ma mes ton ta tes "
    "notre nos votre vos lui y en a au aux avec dans par pour sur sous sans chez vers entre est sont etait etaient "
    "etre ete suis es sommes etes ai as avons avez ont avait avoir fait faire comme si tres aussi tout tous toute "
    "toutes bien oui non"
)

STOP_WORDS = {"en": frozenset(ENGLISH.split()), "de": frozenset(GERMAN.split()), "fr": frozenset(FRENCH.split())}
