//! Demo data (`KRETSLOPP_SEED_DEMO=1`, always on in tests): customers of every kind and the
//! BankID simulator's test persons in every role. Public, fictitious test data.
//!
//! | person (simulator)      | role                                                      |
//! |-------------------------|-----------------------------------------------------------|
//! | Anna Andersson          | holder of household Anna Andersson (2 addresses)          |
//! | Erik Lindqvist          | delegate of Anna's household; administrator of Norrbageriet AB |
//! | Sara Nilsson            | user of Norrbageriet AB                                   |
//! | Karin Berg              | holder of household Karin Berg; no user account yet       |
//! | Johan Ek                | nobody yet: links a company with an old customer number   |
//!
//! Norrbageriet AB (orgnr 556677-8899): 12 addresses in 4 kommuner, old customer numbers
//! 30117, 30482, 41235. Grönt Kontor AB (559123-4561): no administrator yet, old numbers
//! 52001, 52002.

pub mod statistics;

use crate::secrets::pnr_key;
use kretslopp_domain::calendar::{FractionCategory, DEFAULT_FRACTIONS};
use kretslopp_domain::{Orgnr, Personnummer};
use sqlx::AnyPool;

pub const ANNA: &str = "198503122387";
pub const ERIK: &str = "197206044575";
pub const SARA: &str = "199009211260";
pub const KARIN: &str = "196811308722";
pub const JOHAN: &str = "199502173496";

pub const HOUSEHOLD_ANNA: &str = "7b0e2a52-5d0c-4a8e-9c61-000000000001";
pub const HOUSEHOLD_KARIN: &str = "7b0e2a52-5d0c-4a8e-9c61-000000000002";
pub const NORRBAGERIET: &str = "7b0e2a52-5d0c-4a8e-9c61-000000000003";
pub const GRONT_KONTOR: &str = "7b0e2a52-5d0c-4a8e-9c61-000000000004";

struct Customer {
    id: &'static str,
    kind: &'static str,
    name: &'static str,
    kundnummer: &'static str,
    /// Household: the holder's personnummer; company: the organisationsnummer.
    identity: &'static str,
    email: &'static str,
    invoice: (&'static str, &'static str, &'static str),
    legacy_numbers: &'static [&'static str],
    addresses: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const CUSTOMERS: &[Customer] = &[
    Customer {
        id: HOUSEHOLD_ANNA,
        kind: "household",
        name: "Anna Andersson",
        kundnummer: "100001",
        identity: ANNA,
        email: "anna.andersson@exempel.se",
        invoice: ("Storgatan 12", "75320", "Uppsala"),
        legacy_numbers: &[],
        addresses: &[
            ("Storgatan 12", "75320", "Uppsala", "0380"),
            ("Sjövägen 4", "74191", "Knivsta", "0330"),
        ],
    },
    Customer {
        id: HOUSEHOLD_KARIN,
        kind: "household",
        name: "Karin Berg",
        kundnummer: "100002",
        identity: KARIN,
        email: "karin.berg@exempel.se",
        invoice: ("Lilla Torg 3", "21134", "Malmö"),
        legacy_numbers: &[],
        addresses: &[("Lilla Torg 3", "21134", "Malmö", "1280")],
    },
    Customer {
        id: NORRBAGERIET,
        kind: "company",
        name: "Norrbageriet AB",
        kundnummer: "200001",
        identity: "556677-8899",
        email: "ekonomi@norrbageriet.example",
        invoice: ("Box 1204", "75142", "Uppsala"),
        legacy_numbers: &["30117", "30482", "41235"],
        addresses: &[
            ("Kungsgatan 40", "75321", "Uppsala", "0380"),
            ("Dragarbrunnsgatan 18", "75320", "Uppsala", "0380"),
            ("Gränby Centrum 7", "75463", "Uppsala", "0380"),
            ("Svartbäcksgatan 22", "75332", "Uppsala", "0380"),
            ("Drottninggatan 71", "11136", "Stockholm", "0180"),
            ("Götgatan 14", "11846", "Stockholm", "0180"),
            ("Odengatan 56", "11322", "Stockholm", "0180"),
            ("Sankt Eriksgatan 30", "11234", "Stockholm", "0180"),
            ("Råsundavägen 9", "16950", "Solna", "0184"),
            ("Frösundaleden 2", "16970", "Solna", "0184"),
            ("Kungsgatan 9", "74531", "Enköping", "0381"),
            ("Västerledsvägen 3", "74538", "Enköping", "0381"),
        ],
    },
    Customer {
        id: GRONT_KONTOR,
        kind: "company",
        name: "Grönt Kontor AB",
        kundnummer: "200002",
        identity: "559123-4561",
        email: "info@grontkontor.example",
        invoice: ("Avenyn 10", "41136", "Göteborg"),
        legacy_numbers: &["52001", "52002"],
        addresses: &[
            ("Avenyn 10", "41136", "Göteborg", "1480"),
            ("Första Långgatan 5", "41327", "Göteborg", "1480"),
            ("Göteborgsvägen 88", "43130", "Mölndal", "1481"),
        ],
    },
];

/// (personnummer, given name, surname, customer, role, contact e-mail and phone if registered)
type DemoMember = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);
const MEMBERS: &[DemoMember] = &[
    (
        ANNA,
        "Anna",
        "Andersson",
        HOUSEHOLD_ANNA,
        "holder",
        Some(("anna.andersson@exempel.se", "+46701234501")),
    ),
    (
        ERIK,
        "Erik",
        "Lindqvist",
        HOUSEHOLD_ANNA,
        "delegate",
        Some(("erik.lindqvist@norrbageriet.example", "+46701234502")),
    ),
    (
        ERIK,
        "Erik",
        "Lindqvist",
        NORRBAGERIET,
        "admin",
        Some(("erik.lindqvist@norrbageriet.example", "+46701234502")),
    ),
    (
        SARA,
        "Sara",
        "Nilsson",
        NORRBAGERIET,
        "user",
        Some(("sara.nilsson@norrbageriet.example", "+46701234503")),
    ),
    (KARIN, "Karin", "Berg", HOUSEHOLD_KARIN, "holder", None),
];

/// Loads the demo data once; later starts find it and do nothing.
pub async fn demo(db: &AnyPool, pepper: &[u8], now: i64) -> anyhow::Result<()> {
    let existing: Option<(String,)> = sqlx::query_as("SELECT id FROM customers WHERE id = $1")
        .bind(HOUSEHOLD_ANNA)
        .fetch_optional(db)
        .await?;
    let today = kretslopp_domain::calendar::today_in_sweden(now);
    if existing.is_some() {
        // A demo database from before the bag catalogue or the statistics gets them now.
        seed_bag_colours(db, now).await?;
        return statistics::seed(db, today).await;
    }
    let mut tx = crate::db::begin_write(db).await?;
    for c in CUSTOMERS {
        let (orgnr, holder, masked) = if c.kind == "company" {
            let o = Orgnr::parse(c.identity)?;
            (Some(o.as_str().to_owned()), None, o.masked())
        } else {
            let p = Personnummer::parse_twelve_digits(c.identity)?;
            (None, Some(pnr_key(pepper, p.as_str())), p.masked())
        };
        sqlx::query(
            "INSERT INTO customers (id, kind, name, kundnummer, orgnr, holder_pnr_hmac, identity_masked, email,
                 invoice_line1, invoice_postal_code, invoice_city, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(c.id)
        .bind(c.kind)
        .bind(c.name)
        .bind(c.kundnummer)
        .bind(orgnr)
        .bind(holder)
        .bind(masked)
        .bind(c.email)
        .bind(c.invoice.0)
        .bind(c.invoice.1)
        .bind(c.invoice.2)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for n in c.legacy_numbers {
            sqlx::query(
                "INSERT INTO legacy_customer_numbers (number, customer_id) VALUES ($1, $2)",
            )
            .bind(*n)
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
        }
        for (i, (street, postal, city, kommun)) in c.addresses.iter().enumerate() {
            sqlx::query(
                "INSERT INTO addresses (id, customer_id, street, postal_code, city, kommunkod, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(format!("{}-a{:02}", c.id, i + 1))
            .bind(c.id)
            .bind(*street)
            .bind(*postal)
            .bind(*city)
            .bind(*kommun)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (pnr, given, surname, customer, role, contact) in MEMBERS {
        let key = pnr_key(pepper, pnr);
        sqlx::query(
            "INSERT INTO persons (id, pnr_hmac, given_name, surname, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (pnr_hmac) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&key)
        .bind(*given)
        .bind(*surname)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let (person_id,): (String,) = sqlx::query_as("SELECT id FROM persons WHERE pnr_hmac = $1")
            .bind(&key)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO memberships (id, customer_id, person_id, role, status, kommuner, created_at, approved_at)
             VALUES ($1, $2, $3, $4, 'active', '', $5, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(*customer)
        .bind(&person_id)
        .bind(*role)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some((email, phone)) = contact {
            sqlx::query(
                "INSERT INTO user_accounts (person_id, first_name, last_name, email, phone, lang, active_customer_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 'sv', $6, $7, $7) ON CONFLICT (person_id) DO NOTHING",
            )
            .bind(&person_id)
            .bind(*given)
            .bind(*surname)
            .bind(*email)
            .bind(*phone)
            .bind(*customer)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    seed_services(&mut tx, now).await?;
    tx.commit().await?;
    seed_bag_colours(db, now).await?;
    statistics::seed(db, today).await?;
    tracing::info!("demo data loaded");
    Ok(())
}

/// (code, Swedish, English, display colour, fraction, kommuner, retired)
type DemoColour = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

/// The optical-sorting colours common in Swedish kommuner (Optibag): green for food waste,
/// orange plastic, blue paper packaging, yellow newspapers, grey metal. Grey is handed out
/// only in Uppsala and Enköping, yellow not in Knivsta; red (small batteries) was retired.
const BAG_COLOURS: &[DemoColour] = &[
    (
        "gron",
        "Grön – matavfall",
        "Green – food waste",
        "#2e8540",
        "mat",
        "",
        false,
    ),
    (
        "orange",
        "Orange – plastförpackningar",
        "Orange – plastic packaging",
        "#f28c28",
        "plast",
        "",
        false,
    ),
    (
        "bla",
        "Blå – pappersförpackningar",
        "Blue – paper packaging",
        "#2f6fb5",
        "papper",
        "",
        false,
    ),
    (
        "gul",
        "Gul – tidningar",
        "Yellow – newspapers",
        "#f2c500",
        "tidningar",
        "0380,0381,0180,0184,1280,1480,1481",
        false,
    ),
    (
        "gra",
        "Grå – metallförpackningar",
        "Grey – metal packaging",
        "#8a8f94",
        "metall",
        "0380,0381",
        false,
    ),
    (
        "rod",
        "Röd – småbatterier",
        "Red – small batteries",
        "#c62828",
        "farligt",
        "",
        true,
    ),
];

/// The bag catalogue, once.
async fn seed_bag_colours(db: &AnyPool, now: i64) -> anyhow::Result<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bag_colours")
        .fetch_one(db)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let mut tx = crate::db::begin_write(db).await?;
    for (i, (code, sv, en, colour, fraction, kommuner, retired)) in BAG_COLOURS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO bag_colours (code, name_sv, name_en, display_colour, fraction_code, kommuner, sort_order, retired_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(*code)
        .bind(*sv)
        .bind(*en)
        .bind(*colour)
        .bind(*fraction)
        .bind(*kommuner)
        .bind(i as i64)
        .bind(retired.then_some(now))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The fractions catalogue, and services on every demo address: households have residual
/// and food waste every other week plus seasonal garden waste; companies have weekly
/// residual and food waste and fortnightly paper and plastic. One pickup is moved by hand.
async fn seed_services(tx: &mut sqlx::Transaction<'_, sqlx::Any>, now: i64) -> anyhow::Result<()> {
    for (i, f) in DEFAULT_FRACTIONS.iter().enumerate() {
        let category = match f.category {
            FractionCategory::Residual => "residual",
            FractionCategory::Food => "food",
            FractionCategory::Packaging => "packaging",
            FractionCategory::Paper => "paper",
            FractionCategory::Garden => "garden",
            FractionCategory::Hazardous => "hazardous",
        };
        sqlx::query(
            "INSERT INTO fractions (code, name_sv, name_en, category, colour, icon, sort_order, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(f.code)
        .bind(f.name_sv)
        .bind(f.name_en)
        .bind(category)
        .bind(f.colour)
        .bind(f.icon)
        .bind(i as i64)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    // (fraction, container kind, size, unit, interval, season)
    type Plan = (
        &'static str,
        &'static str,
        i64,
        &'static str,
        i64,
        Option<(i64, i64)>,
    );
    const HOUSEHOLD: &[Plan] = &[
        ("rest", "Kärl", 190, "l", 2, None),
        ("mat", "Kärl", 140, "l", 2, None),
        ("tradgard", "Kärl", 370, "l", 2, Some((15, 46))),
    ];
    const COMPANY: &[Plan] = &[
        ("rest", "Container", 8, "m3", 1, None),
        ("mat", "Kärl", 140, "l", 1, None),
        ("papper", "Kärl", 660, "l", 2, None),
        ("plast", "Kärl", 660, "l", 2, None),
    ];
    for c in CUSTOMERS {
        let plans = if c.kind == "company" {
            COMPANY
        } else {
            HOUSEHOLD
        };
        for (i, _) in c.addresses.iter().enumerate() {
            let address_id = format!("{}-a{:02}", c.id, i + 1);
            // Spread the addresses over Monday–Friday; anchors are in the first week of 2026.
            let weekday = (i % 5) as i64 + 1;
            let anchor = format!("2026-01-{:02}", 4 + weekday);
            for (fraction, kind, size, unit, interval, season) in plans {
                sqlx::query(
                    "INSERT INTO services (id, address_id, fraction_code, container_kind, container_size, container_unit,
                         weekday, interval_weeks, anchor, season_from, season_to, holiday_policy, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'next-workday', $12)",
                )
                .bind(format!("{address_id}-{fraction}"))
                .bind(&address_id)
                .bind(*fraction)
                .bind(*kind)
                .bind(*size)
                .bind(*unit)
                .bind(weekday)
                .bind(*interval)
                .bind(&anchor)
                .bind(season.map(|s| s.0))
                .bind(season.map(|s| s.1))
                .bind(now)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    // A hand-made change: Anna's residual waste of Monday 2027-01-18 comes on the Wednesday.
    sqlx::query(
        "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
         VALUES ($1, $2, 'moved', '2027-01-18', '2027-01-20', $3)",
    )
    .bind(format!("{HOUSEHOLD_ANNA}-x01"))
    .bind(format!("{HOUSEHOLD_ANNA}-a01-rest"))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
