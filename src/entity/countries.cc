#include "entity/countries.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace embargo {
namespace {

struct Country {
  const char* alpha2;
  const char* alpha3;
  const char* name;   // English short name, returned by CountryName
  const char* other;  // further names, '|'-separated
};

// ISO 3166-1, generated from Debian iso-codes (iso_3166-1.json: name, common_name,
// official_name), with a few short names chosen as lists and users write them.
constexpr Country kIso[] = {
    {"AD", "AND", "Andorra", "Principality of Andorra"},
    {"AE", "ARE", "United Arab Emirates", ""},
    {"AF", "AFG", "Afghanistan", "Islamic Republic of Afghanistan"},
    {"AG", "ATG", "Antigua and Barbuda", ""},
    {"AI", "AIA", "Anguilla", ""},
    {"AL", "ALB", "Albania", "Republic of Albania"},
    {"AM", "ARM", "Armenia", "Republic of Armenia"},
    {"AO", "AGO", "Angola", "Republic of Angola"},
    {"AQ", "ATA", "Antarctica", ""},
    {"AR", "ARG", "Argentina", "Argentine Republic"},
    {"AS", "ASM", "American Samoa", ""},
    {"AT", "AUT", "Austria", "Republic of Austria"},
    {"AU", "AUS", "Australia", ""},
    {"AW", "ABW", "Aruba", ""},
    {"AX", "ALA", "Åland Islands", ""},
    {"AZ", "AZE", "Azerbaijan", "Republic of Azerbaijan"},
    {"BA", "BIH", "Bosnia and Herzegovina", "Republic of Bosnia and Herzegovina"},
    {"BB", "BRB", "Barbados", ""},
    {"BD", "BGD", "Bangladesh", "People's Republic of Bangladesh"},
    {"BE", "BEL", "Belgium", "Kingdom of Belgium"},
    {"BF", "BFA", "Burkina Faso", ""},
    {"BG", "BGR", "Bulgaria", "Republic of Bulgaria"},
    {"BH", "BHR", "Bahrain", "Kingdom of Bahrain"},
    {"BI", "BDI", "Burundi", "Republic of Burundi"},
    {"BJ", "BEN", "Benin", "Republic of Benin"},
    {"BL", "BLM", "Saint Barthélemy", ""},
    {"BM", "BMU", "Bermuda", ""},
    {"BN", "BRN", "Brunei", "Brunei Darussalam"},
    {"BO", "BOL", "Bolivia", "Bolivia, Plurinational State of|Plurinational State of Bolivia"},
    {"BQ", "BES", "Bonaire, Sint Eustatius and Saba", ""},
    {"BR", "BRA", "Brazil", "Federative Republic of Brazil"},
    {"BS", "BHS", "Bahamas", "Commonwealth of the Bahamas"},
    {"BT", "BTN", "Bhutan", "Kingdom of Bhutan"},
    {"BV", "BVT", "Bouvet Island", ""},
    {"BW", "BWA", "Botswana", "Republic of Botswana"},
    {"BY", "BLR", "Belarus", "Republic of Belarus"},
    {"BZ", "BLZ", "Belize", ""},
    {"CA", "CAN", "Canada", ""},
    {"CC", "CCK", "Cocos (Keeling) Islands", ""},
    {"CD", "COD", "Democratic Republic of the Congo", "Congo, The Democratic Republic of the"},
    {"CF", "CAF", "Central African Republic", ""},
    {"CG", "COG", "Congo", "Republic of the Congo"},
    {"CH", "CHE", "Switzerland", "Swiss Confederation"},
    {"CI", "CIV", "Côte d'Ivoire", "Republic of Côte d'Ivoire"},
    {"CK", "COK", "Cook Islands", ""},
    {"CL", "CHL", "Chile", "Republic of Chile"},
    {"CM", "CMR", "Cameroon", "Republic of Cameroon"},
    {"CN", "CHN", "China", "People's Republic of China"},
    {"CO", "COL", "Colombia", "Republic of Colombia"},
    {"CR", "CRI", "Costa Rica", "Republic of Costa Rica"},
    {"CU", "CUB", "Cuba", "Republic of Cuba"},
    {"CV", "CPV", "Cabo Verde", "Republic of Cabo Verde"},
    {"CW", "CUW", "Curaçao", ""},
    {"CX", "CXR", "Christmas Island", ""},
    {"CY", "CYP", "Cyprus", "Republic of Cyprus"},
    {"CZ", "CZE", "Czechia", "Czech Republic"},
    {"DE", "DEU", "Germany", "Federal Republic of Germany"},
    {"DJ", "DJI", "Djibouti", "Republic of Djibouti"},
    {"DK", "DNK", "Denmark", "Kingdom of Denmark"},
    {"DM", "DMA", "Dominica", "Commonwealth of Dominica"},
    {"DO", "DOM", "Dominican Republic", ""},
    {"DZ", "DZA", "Algeria", "People's Democratic Republic of Algeria"},
    {"EC", "ECU", "Ecuador", "Republic of Ecuador"},
    {"EE", "EST", "Estonia", "Republic of Estonia"},
    {"EG", "EGY", "Egypt", "Arab Republic of Egypt"},
    {"EH", "ESH", "Western Sahara", ""},
    {"ER", "ERI", "Eritrea", "the State of Eritrea"},
    {"ES", "ESP", "Spain", "Kingdom of Spain"},
    {"ET", "ETH", "Ethiopia", "Federal Democratic Republic of Ethiopia"},
    {"FI", "FIN", "Finland", "Republic of Finland"},
    {"FJ", "FJI", "Fiji", "Republic of Fiji"},
    {"FK", "FLK", "Falkland Islands", "Falkland Islands (Malvinas)"},
    {"FM", "FSM", "Micronesia", "Micronesia, Federated States of|Federated States of Micronesia"},
    {"FO", "FRO", "Faroe Islands", ""},
    {"FR", "FRA", "France", "French Republic"},
    {"GA", "GAB", "Gabon", "Gabonese Republic"},
    {"GB", "GBR", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland"},
    {"GD", "GRD", "Grenada", ""},
    {"GE", "GEO", "Georgia", ""},
    {"GF", "GUF", "French Guiana", ""},
    {"GG", "GGY", "Guernsey", ""},
    {"GH", "GHA", "Ghana", "Republic of Ghana"},
    {"GI", "GIB", "Gibraltar", ""},
    {"GL", "GRL", "Greenland", ""},
    {"GM", "GMB", "Gambia", "Republic of the Gambia"},
    {"GN", "GIN", "Guinea", "Republic of Guinea"},
    {"GP", "GLP", "Guadeloupe", ""},
    {"GQ", "GNQ", "Equatorial Guinea", "Republic of Equatorial Guinea"},
    {"GR", "GRC", "Greece", "Hellenic Republic"},
    {"GS", "SGS", "South Georgia and the South Sandwich Islands", ""},
    {"GT", "GTM", "Guatemala", "Republic of Guatemala"},
    {"GU", "GUM", "Guam", ""},
    {"GW", "GNB", "Guinea-Bissau", "Republic of Guinea-Bissau"},
    {"GY", "GUY", "Guyana", "Republic of Guyana"},
    {"HK", "HKG", "Hong Kong", "Hong Kong Special Administrative Region of China"},
    {"HM", "HMD", "Heard Island and McDonald Islands", ""},
    {"HN", "HND", "Honduras", "Republic of Honduras"},
    {"HR", "HRV", "Croatia", "Republic of Croatia"},
    {"HT", "HTI", "Haiti", "Republic of Haiti"},
    {"HU", "HUN", "Hungary", ""},
    {"ID", "IDN", "Indonesia", "Republic of Indonesia"},
    {"IE", "IRL", "Ireland", ""},
    {"IL", "ISR", "Israel", "State of Israel"},
    {"IM", "IMN", "Isle of Man", ""},
    {"IN", "IND", "India", "Republic of India"},
    {"IO", "IOT", "British Indian Ocean Territory", ""},
    {"IQ", "IRQ", "Iraq", "Republic of Iraq"},
    {"IR", "IRN", "Iran", "Iran, Islamic Republic of|Islamic Republic of Iran"},
    {"IS", "ISL", "Iceland", "Republic of Iceland"},
    {"IT", "ITA", "Italy", "Italian Republic"},
    {"JE", "JEY", "Jersey", ""},
    {"JM", "JAM", "Jamaica", ""},
    {"JO", "JOR", "Jordan", "Hashemite Kingdom of Jordan"},
    {"JP", "JPN", "Japan", ""},
    {"KE", "KEN", "Kenya", "Republic of Kenya"},
    {"KG", "KGZ", "Kyrgyzstan", "Kyrgyz Republic"},
    {"KH", "KHM", "Cambodia", "Kingdom of Cambodia"},
    {"KI", "KIR", "Kiribati", "Republic of Kiribati"},
    {"KM", "COM", "Comoros", "Union of the Comoros"},
    {"KN", "KNA", "Saint Kitts and Nevis", ""},
    {"KP", "PRK", "North Korea",
     "Korea, Democratic People's Republic of|Democratic People's Republic of Korea"},
    {"KR", "KOR", "South Korea", "Korea, Republic of"},
    {"KW", "KWT", "Kuwait", "State of Kuwait"},
    {"KY", "CYM", "Cayman Islands", ""},
    {"KZ", "KAZ", "Kazakhstan", "Republic of Kazakhstan"},
    {"LA", "LAO", "Laos", "Lao People's Democratic Republic"},
    {"LB", "LBN", "Lebanon", "Lebanese Republic"},
    {"LC", "LCA", "Saint Lucia", ""},
    {"LI", "LIE", "Liechtenstein", "Principality of Liechtenstein"},
    {"LK", "LKA", "Sri Lanka", "Democratic Socialist Republic of Sri Lanka"},
    {"LR", "LBR", "Liberia", "Republic of Liberia"},
    {"LS", "LSO", "Lesotho", "Kingdom of Lesotho"},
    {"LT", "LTU", "Lithuania", "Republic of Lithuania"},
    {"LU", "LUX", "Luxembourg", "Grand Duchy of Luxembourg"},
    {"LV", "LVA", "Latvia", "Republic of Latvia"},
    {"LY", "LBY", "Libya", ""},
    {"MA", "MAR", "Morocco", "Kingdom of Morocco"},
    {"MC", "MCO", "Monaco", "Principality of Monaco"},
    {"MD", "MDA", "Moldova", "Moldova, Republic of|Republic of Moldova"},
    {"ME", "MNE", "Montenegro", ""},
    {"MF", "MAF", "Saint Martin", "Saint Martin (French part)"},
    {"MG", "MDG", "Madagascar", "Republic of Madagascar"},
    {"MH", "MHL", "Marshall Islands", "Republic of the Marshall Islands"},
    {"MK", "MKD", "North Macedonia", "Republic of North Macedonia"},
    {"ML", "MLI", "Mali", "Republic of Mali"},
    {"MM", "MMR", "Myanmar", "Republic of Myanmar"},
    {"MN", "MNG", "Mongolia", ""},
    {"MO", "MAC", "Macao", "Macao Special Administrative Region of China"},
    {"MP", "MNP", "Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands"},
    {"MQ", "MTQ", "Martinique", ""},
    {"MR", "MRT", "Mauritania", "Islamic Republic of Mauritania"},
    {"MS", "MSR", "Montserrat", ""},
    {"MT", "MLT", "Malta", "Republic of Malta"},
    {"MU", "MUS", "Mauritius", "Republic of Mauritius"},
    {"MV", "MDV", "Maldives", "Republic of Maldives"},
    {"MW", "MWI", "Malawi", "Republic of Malawi"},
    {"MX", "MEX", "Mexico", "United Mexican States"},
    {"MY", "MYS", "Malaysia", ""},
    {"MZ", "MOZ", "Mozambique", "Republic of Mozambique"},
    {"NA", "NAM", "Namibia", "Republic of Namibia"},
    {"NC", "NCL", "New Caledonia", ""},
    {"NE", "NER", "Niger", "Republic of the Niger"},
    {"NF", "NFK", "Norfolk Island", ""},
    {"NG", "NGA", "Nigeria", "Federal Republic of Nigeria"},
    {"NI", "NIC", "Nicaragua", "Republic of Nicaragua"},
    {"NL", "NLD", "Netherlands", "Kingdom of the Netherlands"},
    {"NO", "NOR", "Norway", "Kingdom of Norway"},
    {"NP", "NPL", "Nepal", "Federal Democratic Republic of Nepal"},
    {"NR", "NRU", "Nauru", "Republic of Nauru"},
    {"NU", "NIU", "Niue", ""},
    {"NZ", "NZL", "New Zealand", ""},
    {"OM", "OMN", "Oman", "Sultanate of Oman"},
    {"PA", "PAN", "Panama", "Republic of Panama"},
    {"PE", "PER", "Peru", "Republic of Peru"},
    {"PF", "PYF", "French Polynesia", ""},
    {"PG", "PNG", "Papua New Guinea", "Independent State of Papua New Guinea"},
    {"PH", "PHL", "Philippines", "Republic of the Philippines"},
    {"PK", "PAK", "Pakistan", "Islamic Republic of Pakistan"},
    {"PL", "POL", "Poland", "Republic of Poland"},
    {"PM", "SPM", "Saint Pierre and Miquelon", ""},
    {"PN", "PCN", "Pitcairn", ""},
    {"PR", "PRI", "Puerto Rico", ""},
    {"PS", "PSE", "Palestine", "Palestine, State of|the State of Palestine"},
    {"PT", "PRT", "Portugal", "Portuguese Republic"},
    {"PW", "PLW", "Palau", "Republic of Palau"},
    {"PY", "PRY", "Paraguay", "Republic of Paraguay"},
    {"QA", "QAT", "Qatar", "State of Qatar"},
    {"RE", "REU", "Réunion", ""},
    {"RO", "ROU", "Romania", ""},
    {"RS", "SRB", "Serbia", "Republic of Serbia"},
    {"RU", "RUS", "Russia", "Russian Federation"},
    {"RW", "RWA", "Rwanda", "Rwandese Republic"},
    {"SA", "SAU", "Saudi Arabia", "Kingdom of Saudi Arabia"},
    {"SB", "SLB", "Solomon Islands", ""},
    {"SC", "SYC", "Seychelles", "Republic of Seychelles"},
    {"SD", "SDN", "Sudan", "Republic of the Sudan"},
    {"SE", "SWE", "Sweden", "Kingdom of Sweden"},
    {"SG", "SGP", "Singapore", "Republic of Singapore"},
    {"SH", "SHN", "Saint Helena", "Saint Helena, Ascension and Tristan da Cunha"},
    {"SI", "SVN", "Slovenia", "Republic of Slovenia"},
    {"SJ", "SJM", "Svalbard and Jan Mayen", ""},
    {"SK", "SVK", "Slovakia", "Slovak Republic"},
    {"SL", "SLE", "Sierra Leone", "Republic of Sierra Leone"},
    {"SM", "SMR", "San Marino", "Republic of San Marino"},
    {"SN", "SEN", "Senegal", "Republic of Senegal"},
    {"SO", "SOM", "Somalia", "Federal Republic of Somalia"},
    {"SR", "SUR", "Suriname", "Republic of Suriname"},
    {"SS", "SSD", "South Sudan", "Republic of South Sudan"},
    {"ST", "STP", "Sao Tome and Principe", "Democratic Republic of Sao Tome and Principe"},
    {"SV", "SLV", "El Salvador", "Republic of El Salvador"},
    {"SX", "SXM", "Sint Maarten", "Sint Maarten (Dutch part)"},
    {"SY", "SYR", "Syria", "Syrian Arab Republic"},
    {"SZ", "SWZ", "Eswatini", "Kingdom of Eswatini"},
    {"TC", "TCA", "Turks and Caicos Islands", ""},
    {"TD", "TCD", "Chad", "Republic of Chad"},
    {"TF", "ATF", "French Southern Territories", ""},
    {"TG", "TGO", "Togo", "Togolese Republic"},
    {"TH", "THA", "Thailand", "Kingdom of Thailand"},
    {"TJ", "TJK", "Tajikistan", "Republic of Tajikistan"},
    {"TK", "TKL", "Tokelau", ""},
    {"TL", "TLS", "Timor-Leste", "Democratic Republic of Timor-Leste"},
    {"TM", "TKM", "Turkmenistan", ""},
    {"TN", "TUN", "Tunisia", "Republic of Tunisia"},
    {"TO", "TON", "Tonga", "Kingdom of Tonga"},
    {"TR", "TUR", "Türkiye", "Republic of Türkiye"},
    {"TT", "TTO", "Trinidad and Tobago", "Republic of Trinidad and Tobago"},
    {"TV", "TUV", "Tuvalu", ""},
    {"TW", "TWN", "Taiwan", "Taiwan, Province of China"},
    {"TZ", "TZA", "Tanzania", "Tanzania, United Republic of|United Republic of Tanzania"},
    {"UA", "UKR", "Ukraine", ""},
    {"UG", "UGA", "Uganda", "Republic of Uganda"},
    {"UM", "UMI", "United States Minor Outlying Islands", ""},
    {"US", "USA", "United States", "United States of America"},
    {"UY", "URY", "Uruguay", "Eastern Republic of Uruguay"},
    {"UZ", "UZB", "Uzbekistan", "Republic of Uzbekistan"},
    {"VA", "VAT", "Holy See", "Holy See (Vatican City State)"},
    {"VC", "VCT", "Saint Vincent and the Grenadines", ""},
    {"VE", "VEN", "Venezuela", "Venezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela"},
    {"VG", "VGB", "British Virgin Islands", "Virgin Islands, British"},
    {"VI", "VIR", "U.S. Virgin Islands", "Virgin Islands, U.S.|Virgin Islands of the United States"},
    {"VN", "VNM", "Vietnam", "Viet Nam|Socialist Republic of Viet Nam"},
    {"VU", "VUT", "Vanuatu", "Republic of Vanuatu"},
    {"WF", "WLF", "Wallis and Futuna", ""},
    {"WS", "WSM", "Samoa", "Independent State of Samoa"},
    {"YE", "YEM", "Yemen", "Republic of Yemen"},
    {"YT", "MYT", "Mayotte", ""},
    {"ZA", "ZAF", "South Africa", "Republic of South Africa"},
    {"ZM", "ZMB", "Zambia", "Republic of Zambia"},
    {"ZW", "ZWE", "Zimbabwe", "Republic of Zimbabwe"},
};

// A user-assigned code in use today (IsCurrentCountryCode), and withdrawn ones lists still use.
constexpr Country kKosovo = {"XK", "XKX", "Kosovo", "Republic of Kosovo"};
constexpr Country kWithdrawn[] = {
    {"SU", "SUN", "Soviet Union", "USSR|Union of Soviet Socialist Republics"},
    {"YU", "YUG", "Yugoslavia", "Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia"},
    {"CS", "SCG", "Serbia and Montenegro", "State Union of Serbia and Montenegro"},
    {"AN", "ANT", "Netherlands Antilles", ""},
};

// Variants seen in OFAC and UN files and in common use, plus demonyms ("nationality Russian").
// Ambiguous words ("Korean", "Congolese", "Dominican") are left out on purpose.
// clang-format off
constexpr std::pair<const char*, const char*> kVariants[] = {
    // OFAC spellings.
    {"Korea, North", "KP"}, {"Korea, South", "KR"}, {"Burma", "MM"}, {"Turkey", "TR"},
    {"Congo, Democratic Republic of the", "CD"}, {"Congo, Republic of the", "CG"},
    {"Democratic Republic of Congo", "CD"}, {"Republic of Congo", "CG"}, {"Congo (Kinshasa)", "CD"},
    {"Congo (Brazzaville)", "CG"}, {"Zaire", "CD"}, {"DRC", "CD"}, {"Cote d'Ivoire", "CI"},
    {"Ivory Coast", "CI"}, {"Macau", "MO"}, {"Czech Republic", "CZ"}, {"Swaziland", "SZ"},
    {"Macedonia", "MK"}, {"The Former Yugoslav Republic of Macedonia", "MK"},
    {"Macedonia, The Former Yugoslav Republic of", "MK"}, {"Cape Verde", "CV"},
    {"East Timor", "TL"}, {"Vatican City", "VA"}, {"Vatican", "VA"}, {"Brunei", "BN"},
    {"Bahamas, The", "BS"}, {"Gambia, The", "GM"}, {"Gaza", "PS"}, {"Gaza Strip", "PS"},
    {"West Bank", "PS"}, {"Palestinian Territories", "PS"}, {"Occupied Palestinian Territory", "PS"},
    {"Palestinian Territory", "PS"}, {"Palestinian Authority", "PS"}, {"Region: Gaza", "PS"},
    {"Region: West Bank", "PS"},
    {"St. Kitts and Nevis", "KN"}, {"St. Lucia", "LC"}, {"St. Vincent and the Grenadines", "VC"},
    {"Saint Vincent and Grenadines", "VC"}, {"Hong Kong SAR", "HK"}, {"Taiwan, Province of China", "TW"},
    {"Curacao", "CW"}, {"Reunion", "RE"}, {"Sao Tome & Principe", "ST"}, {"Trinidad & Tobago", "TT"},
    {"Antigua & Barbuda", "AG"}, {"Bosnia-Herzegovina", "BA"}, {"Bosnia", "BA"}, {"Kyrgyz Republic", "KG"},
    {"Slovak Republic", "SK"}, {"Laos", "LA"}, {"Syria", "SY"}, {"Russia", "RU"}, {"Moldova", "MD"},
    {"Micronesia", "FM"}, {"Holland", "NL"}, {"The Netherlands", "NL"}, {"Crimea", "UA"},
    {"Crimea region of Ukraine", "UA"}, {"Region: Crimea", "UA"}, {"Timor Leste", "TL"},
    {"Cote d Ivoire", "CI"}, {"Man, Isle of", "IM"},
    {"North Macedonia, The Republic of", "MK"}, {"Comoros Islands", "KM"}, {"Phillipines", "PH"},
    {"Former Yugoslavia", "YU"}, {"ex-Yugoslavia", "YU"}, {"Former Soviet Union", "SU"},
    {"Myanmar (Burma)", "MM"},
    // UN spellings not already covered by the ISO names.
    {"China, Hong Kong Special Administrative Region", "HK"},
    {"China, Macao Special Administrative Region", "MO"},
    {"United Kingdom of Great Britain and Northern Ireland", "GB"},
    {"Bolivia (Plurinational State of)", "BO"}, {"Venezuela (Bolivarian Republic of)", "VE"},
    {"Micronesia (Federated States of)", "FM"}, {"Republic of Korea", "KR"},
    // Abbreviations and colloquial names.
    {"USA", "US"}, {"U.S.A.", "US"}, {"U.S.", "US"}, {"United States of America", "US"},
    {"America", "US"}, {"UK", "GB"}, {"U.K.", "GB"}, {"Great Britain", "GB"}, {"Britain", "GB"},
    {"England", "GB"}, {"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"},
    {"UAE", "AE"}, {"U.A.E.", "AE"}, {"Emirates", "AE"}, {"KSA", "SA"}, {"DPRK", "KP"},
    {"ROK", "KR"}, {"PRC", "CN"}, {"Mainland China", "CN"}, {"Soviet Union", "SU"},
    {"U.S.S.R.", "SU"}, {"Persia", "IR"}, {"Republic of China", "TW"},
    // Demonyms.
    {"Afghan", "AF"}, {"Albanian", "AL"}, {"Algerian", "DZ"}, {"American", "US"},
    {"Andorran", "AD"}, {"Angolan", "AO"}, {"Argentine", "AR"}, {"Argentinian", "AR"},
    {"Armenian", "AM"}, {"Australian", "AU"}, {"Austrian", "AT"}, {"Azerbaijani", "AZ"},
    {"Azeri", "AZ"}, {"Bahamian", "BS"}, {"Bahraini", "BH"}, {"Bangladeshi", "BD"},
    {"Barbadian", "BB"}, {"Belarusian", "BY"}, {"Belarussian", "BY"}, {"Byelorussian", "BY"},
    {"Belgian", "BE"}, {"Belizean", "BZ"}, {"Beninese", "BJ"}, {"Bhutanese", "BT"},
    {"Bolivian", "BO"}, {"Bosnian", "BA"}, {"Brazilian", "BR"}, {"British", "GB"},
    {"Bruneian", "BN"}, {"Bulgarian", "BG"}, {"Burkinabe", "BF"}, {"Burmese", "MM"},
    {"Burundian", "BI"}, {"Cambodian", "KH"}, {"Cameroonian", "CM"}, {"Canadian", "CA"},
    {"Cape Verdean", "CV"}, {"Central African", "CF"}, {"Chadian", "TD"}, {"Chilean", "CL"},
    {"Chinese", "CN"}, {"Colombian", "CO"}, {"Comoran", "KM"}, {"Costa Rican", "CR"},
    {"Croatian", "HR"}, {"Cuban", "CU"}, {"Cypriot", "CY"}, {"Czech", "CZ"}, {"Danish", "DK"},
    {"Djiboutian", "DJ"}, {"Dutch", "NL"}, {"Ecuadorian", "EC"}, {"Egyptian", "EG"},
    {"Emirati", "AE"}, {"Equatorial Guinean", "GQ"}, {"Eritrean", "ER"}, {"Estonian", "EE"},
    {"Ethiopian", "ET"}, {"Fijian", "FJ"}, {"Filipino", "PH"}, {"Philippine", "PH"},
    {"Finnish", "FI"}, {"French", "FR"}, {"Gabonese", "GA"}, {"Gambian", "GM"},
    {"Georgian", "GE"}, {"German", "DE"}, {"Ghanaian", "GH"}, {"Greek", "GR"},
    {"Grenadian", "GD"}, {"Guatemalan", "GT"}, {"Guinean", "GN"}, {"Guyanese", "GY"},
    {"Haitian", "HT"}, {"Honduran", "HN"}, {"Hungarian", "HU"}, {"Icelandic", "IS"},
    {"Indian", "IN"}, {"Indonesian", "ID"}, {"Iranian", "IR"}, {"Iraqi", "IQ"}, {"Irish", "IE"},
    {"Israeli", "IL"}, {"Italian", "IT"}, {"Ivorian", "CI"}, {"Jamaican", "JM"},
    {"Japanese", "JP"}, {"Jordanian", "JO"}, {"Kazakh", "KZ"}, {"Kazakhstani", "KZ"},
    {"Kenyan", "KE"}, {"Kosovar", "XK"}, {"Kuwaiti", "KW"}, {"Kyrgyz", "KG"}, {"Lao", "LA"},
    {"Laotian", "LA"}, {"Latvian", "LV"}, {"Lebanese", "LB"}, {"Liberian", "LR"},
    {"Libyan", "LY"}, {"Lithuanian", "LT"}, {"Luxembourgish", "LU"}, {"Macedonian", "MK"},
    {"Malagasy", "MG"}, {"Malawian", "MW"}, {"Malaysian", "MY"}, {"Maldivian", "MV"},
    {"Malian", "ML"}, {"Maltese", "MT"}, {"Mauritanian", "MR"}, {"Mauritian", "MU"},
    {"Mexican", "MX"}, {"Moldovan", "MD"}, {"Monegasque", "MC"}, {"Mongolian", "MN"},
    {"Montenegrin", "ME"}, {"Moroccan", "MA"}, {"Mozambican", "MZ"}, {"Namibian", "NA"},
    {"Nepalese", "NP"}, {"Nepali", "NP"}, {"New Zealander", "NZ"}, {"Nicaraguan", "NI"},
    {"Nigerien", "NE"}, {"Nigerian", "NG"}, {"North Korean", "KP"}, {"Norwegian", "NO"},
    {"Omani", "OM"}, {"Pakistani", "PK"}, {"Palestinian", "PS"}, {"Panamanian", "PA"},
    {"Paraguayan", "PY"}, {"Peruvian", "PE"}, {"Polish", "PL"}, {"Portuguese", "PT"},
    {"Qatari", "QA"}, {"Romanian", "RO"}, {"Russian", "RU"}, {"Rwandan", "RW"},
    {"Salvadoran", "SV"}, {"Saudi", "SA"}, {"Senegalese", "SN"}, {"Serbian", "RS"},
    {"Sierra Leonean", "SL"}, {"Singaporean", "SG"}, {"Slovak", "SK"}, {"Slovenian", "SI"},
    {"Somali", "SO"}, {"South African", "ZA"}, {"South Korean", "KR"}, {"South Sudanese", "SS"},
    {"Spanish", "ES"}, {"Sri Lankan", "LK"}, {"Sudanese", "SD"}, {"Surinamese", "SR"},
    {"Swedish", "SE"}, {"Swiss", "CH"}, {"Syrian", "SY"}, {"Taiwanese", "TW"}, {"Tajik", "TJ"},
    {"Tanzanian", "TZ"}, {"Thai", "TH"}, {"Togolese", "TG"}, {"Trinidadian", "TT"},
    {"Tunisian", "TN"}, {"Turkish", "TR"}, {"Turkmen", "TM"}, {"Ugandan", "UG"},
    {"Ukrainian", "UA"}, {"Uruguayan", "UY"}, {"Uzbek", "UZ"}, {"Venezuelan", "VE"},
    {"Vietnamese", "VN"}, {"Yemeni", "YE"}, {"Zambian", "ZM"}, {"Zimbabwean", "ZW"},
};
// clang-format on

// ASCII letters for the UTF-8 sequences 0xC3 0x80..0xBF (U+00C0..U+00FF); ' ' for symbols.
constexpr char kLatin1Fold[] = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";
static_assert(sizeof(kLatin1Fold) == 65);

void AppendWordChar(std::string& out, bool& gap, char c) {
  if (gap && !out.empty()) out += ' ';
  gap = false;
  out += c;
}

// Lower-case words separated by single spaces: accents folded, apostrophes dropped, other
// punctuation a word break, "&" read as "and", a leading/trailing "the" and "st" for "saint"
// normalised. "Côte d'Ivoire" -> "cote divoire", "Bahamas, The" -> "bahamas".
std::string CountryKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c)) {
      AppendWordChar(out, gap, static_cast<char>(std::tolower(c)));
    } else if (c == '\'') {
      // "People's" -> "peoples"
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0x98 ||
                static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      i += 2;  // curly apostrophe
    } else if (c == 0xC3 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      char folded = kLatin1Fold[static_cast<unsigned char>(s[++i]) - 0x80];
      if (folded == ' ')
        gap = true;
      else
        AppendWordChar(out, gap, folded);
    } else if (c >= 0x80) {
      AppendWordChar(out, gap, static_cast<char>(c));  // other scripts: keep the bytes
    } else if (c == '&') {
      gap = true;
      AppendWordChar(out, gap, 'a');
      out += "nd";
      gap = true;
    } else {
      gap = true;
    }
  }
  std::string_view v = out;
  if (v.starts_with("the ")) v.remove_prefix(4);
  if (v.ends_with(" the")) v.remove_suffix(4);
  std::string key(v);
  if (key.starts_with("st ")) key.replace(0, 2, "saint");
  return key;
}

struct Tables {
  std::unordered_map<std::string, std::string_view> code_by_key;   // key -> alpha-2
  std::unordered_map<std::string, std::string_view> name_by_code;  // "RU" -> "Russia"

  Tables() {
    auto add_country = [&](const Country& c) {
      name_by_code.emplace(c.alpha2, c.name);
      code_by_key.emplace(CountryKey(c.alpha2), c.alpha2);
      code_by_key.emplace(CountryKey(c.alpha3), c.alpha2);
      code_by_key.emplace(CountryKey(c.name), c.alpha2);
      std::string_view other = c.other;
      while (!other.empty()) {
        size_t bar = other.find('|');
        code_by_key.emplace(CountryKey(other.substr(0, bar)), c.alpha2);
        other = bar == std::string_view::npos ? std::string_view() : other.substr(bar + 1);
      }
    };
    for (const Country& c : kIso) add_country(c);
    add_country(kKosovo);
    for (const Country& c : kWithdrawn) add_country(c);
    for (const auto& [variant, code] : kVariants) code_by_key.emplace(CountryKey(variant), code);
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

}  // namespace

std::string CountryCode(std::string_view name_or_code) {
  const Tables& t = GetTables();
  std::string key = CountryKey(name_or_code);
  if (key.empty()) return {};
  if (auto it = t.code_by_key.find(key); it != t.code_by_key.end()) return std::string(it->second);
  // "Iran (Islamic Republic of)" style qualifiers the table does not spell out.
  if (size_t paren = name_or_code.find('('); paren != std::string_view::npos && paren > 0) {
    key = CountryKey(name_or_code.substr(0, paren));
    if (auto it = t.code_by_key.find(key); it != t.code_by_key.end()) return std::string(it->second);
  }
  return {};
}

std::string_view CountryName(std::string_view alpha2) {
  if (alpha2.size() != 2) return {};
  std::string code{static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[0]))),
                   static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[1])))};
  const auto& names = GetTables().name_by_code;
  auto it = names.find(code);
  return it == names.end() ? std::string_view() : it->second;
}

bool IsCurrentCountryCode(std::string_view alpha2) {
  if (CountryName(alpha2).empty()) return false;  // two letters, then
  const std::string code{static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[0]))),
                         static_cast<char>(std::toupper(static_cast<unsigned char>(alpha2[1])))};
  return std::none_of(std::begin(kWithdrawn), std::end(kWithdrawn), [&](const Country& c) { return code == c.alpha2; });
}

}  // namespace embargo
