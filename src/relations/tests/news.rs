//! Phrasings of business news, in sentences written for these tests: appointments, purchases told as
//! nouns or with words between buyer and verb, stakes, fund raising, partnerships, suppliers, studios.

use super::*;

const NEWS_DICT: &str = "type\tname\taliases\tambiguous
organization\tSociété Générale\t\t
organization\tRenault\t\t
organization\tASML\t\t
organization\tTSMC\t\t
organization\tSamsung Electronics\t\t
organization\tSanofi\t\t
organization\tRegeneron\t\t
organization\tKering\t\t
organization\tValentino\t\t
organization\tBiogen\t\t
organization\tReata\t\t
organization\tCooptalis\t\t
organization\tBpifrance\t\t
organization\tIdinvest Partners\t\t
organization\tCarrefour\t\t
organization\tCora\t\t
organization\tMatch\t\t
organization\tBMS\t\t
organization\tCelgene\t\t
organization\tWoodbridge\t\t
organization\tThomson Reuters\t\t
organization\tUbisoft\t\t
product\tPrince of Persia\t\t
person\tSlawomir Krupa\t\t
person\tFrançois Provost\t\t
";

fn news(text: &str) -> Vec<(String, String, String)> {
    let mut v = triples(&extractor_with(NEWS_DICT), text);
    v.sort();
    v
}

fn t(r: &str, s: &str, o: &str) -> (String, String, String) {
    (r.into(), s.into(), o.into())
}

#[test]
fn appointments_by_the_company_are_leadership_not_just_employment() {
    assert_eq!(
        news("Société Générale named Slawomir Krupa as its new chief executive."),
        [t("leads", "Slawomir Krupa", "Société Générale")]
    );
    assert_eq!(
        news("Renault a nommé François Provost au poste de directeur général."),
        [t("leads", "François Provost", "Renault")]
    );
}

#[test]
fn purchases_as_nouns_and_with_words_between_buyer_and_verb() {
    assert!(
        news("BMS a annoncé le rachat de Celgene, un spécialiste des biotechnologies.")
            .contains(&t("acquires", "BMS", "Celgene"))
    );
    assert!(
        news("Biogen is spending more than $7 billion to buy Reata.")
            .contains(&t("acquires", "Biogen", "Reata"))
    );
    assert!(
        news("Avec le rachat des enseignes Cora et Match, Carrefour se renforce.").contains(&t(
            "acquires",
            "Carrefour",
            "Match"
        ))
    );
    assert!(
        news("Kering agreed to buy a 30% stake in Valentino.").contains(&t(
            "acquires",
            "Kering",
            "Valentino"
        ))
    );
}

#[test]
fn stakes_above_half_are_ownership_below_an_investment() {
    assert!(
        news("Woodbridge will own 53% of Thomson Reuters.").contains(&t(
            "owns",
            "Woodbridge",
            "Thomson Reuters"
        ))
    );
    assert!(
        news("Woodbridge holds 12% of Thomson Reuters.").contains(&t(
            "invests_in",
            "Woodbridge",
            "Thomson Reuters"
        ))
    );
}

#[test]
fn fund_raising_told_around_the_name_gives_one_investor_per_member() {
    let r = news(
        "La startup Cooptalis signe la plus grosse levée de la semaine avec 20 millions d'euros \
         rassemblés auprès d'Idinvest Partners et de Bpifrance.",
    );
    assert!(
        r.contains(&t("invests_in", "Idinvest Partners", "Cooptalis")),
        "{r:?}"
    );
    assert!(
        r.contains(&t("invests_in", "Bpifrance", "Cooptalis")),
        "{r:?}"
    );
}

#[test]
fn partnerships_suppliers_and_studios() {
    assert!(
        news("Sanofi a conclu un partenariat avec la biotech américaine Regeneron.").contains(&t(
            "partners_with",
            "Regeneron",
            "Sanofi"
        ))
    );
    let r = news("ASML supplies its lithography machines to TSMC and Samsung Electronics.");
    assert!(r.contains(&t("supplies", "ASML", "TSMC")), "{r:?}");
    assert!(
        r.contains(&t("supplies", "ASML", "Samsung Electronics")),
        "{r:?}"
    );
    assert!(
        news("Ubisoft, l'éditeur derrière le jeu Prince of Persia, recrute.").contains(&t(
            "develops",
            "Ubisoft",
            "Prince of Persia"
        ))
    );
}

#[test]
fn newswire_modifiers_name_a_company_by_its_tie_to_another() {
    assert_eq!(
        news("Shares of Kering owner Valentino rose on Monday."),
        [t("owns", "Valentino", "Kering")]
    );
    assert_eq!(
        news("Sanofi rival Regeneron reported higher sales."),
        [t("competes_with", "Regeneron", "Sanofi")]
    );
    assert_eq!(
        news("Samsung Electronics supplier ASML shipped more machines."),
        [t("supplies", "ASML", "Samsung Electronics")]
    );
    assert_eq!(
        news("Ubisoft backer Bpifrance raised its stake."),
        [t("invests_in", "Bpifrance", "Ubisoft")]
    );
    assert_eq!(
        news("TSMC partner ASML opened a lab."),
        [t("partners_with", "ASML", "TSMC")]
    );
    // A modifier needs both names: the owner of nothing named is no relation.
    assert!(news("The owner Valentino spoke.").is_empty());
}

#[test]
fn french_purchases_suits_and_appointments_around_descriptions() {
    assert!(news(
        "Sanofi a racheté le producteur de vaccins américain Regeneron pour 10 milliards d'euros."
    )
    .contains(&t("acquires", "Sanofi", "Regeneron")));
    assert_eq!(
        news("Carrefour poursuit en justice le distributeur Cora."),
        [t("sues", "Carrefour", "Cora")]
    );
    assert!(
        news("Kering a annoncé la nomination de François Provost à la tête de Valentino.")
            .contains(&t("leads", "François Provost", "Valentino"))
    );
    assert_eq!(
        news("Slawomir Krupa, qui prend la direction de Société Générale, arrive lundi."),
        [t("leads", "Slawomir Krupa", "Société Générale")]
    );
    let both = news("François Provost, cofondateur et PDG de Renault, reste en poste.");
    assert!(
        both.contains(&t("founded", "François Provost", "Renault")),
        "{both:?}"
    );
    assert!(
        both.contains(&t("leads", "François Provost", "Renault")),
        "{both:?}"
    );
    assert!(
        news("Sanofi a publié ses résultats. Son grand rival Regeneron a fait mieux.")
            .contains(&t("competes_with", "Regeneron", "Sanofi"))
    );
}

#[test]
fn english_founders_in_appositions_and_the_subject_speaking_of_its_boss() {
    assert!(
        news("Slawomir Krupa, Kering's founder, said the brand would grow.").contains(&t(
            "founded",
            "Slawomir Krupa",
            "Kering"
        ))
    );
    assert!(
        news("Kering's co-founder Slawomir Krupa spoke on Monday.").contains(&t(
            "founded",
            "Slawomir Krupa",
            "Kering"
        ))
    );
    let boss = news(
        "Kering, the owner of Valentino and Biogen, said its chief executive Slawomir Krupa would retire.",
    );
    assert!(
        boss.contains(&t("leads", "Slawomir Krupa", "Kering")),
        "{boss:?}"
    );
    // Only the company opening the sentence: the names in its aside are not the speaker.
    assert!(
        !boss.contains(&t("leads", "Slawomir Krupa", "Biogen")),
        "{boss:?}"
    );
    assert!(
        !boss.contains(&t("leads", "Slawomir Krupa", "Valentino")),
        "{boss:?}"
    );
}
