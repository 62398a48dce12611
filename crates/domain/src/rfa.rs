//! BankID's recommended user messages (RFA), in Swedish and English.
//!
//! The texts follow BankID's published user messages. This module is the only place they
//! are written down; the UI's catalogues are generated from it.

use crate::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rfa {
    #[serde(rename = "RFA1")]
    Rfa1,
    #[serde(rename = "RFA2")]
    Rfa2,
    #[serde(rename = "RFA3")]
    Rfa3,
    #[serde(rename = "RFA4")]
    Rfa4,
    #[serde(rename = "RFA5")]
    Rfa5,
    #[serde(rename = "RFA6")]
    Rfa6,
    #[serde(rename = "RFA8")]
    Rfa8,
    #[serde(rename = "RFA9")]
    Rfa9,
    #[serde(rename = "RFA13")]
    Rfa13,
    #[serde(rename = "RFA15A")]
    Rfa15A,
    #[serde(rename = "RFA15B")]
    Rfa15B,
    #[serde(rename = "RFA16")]
    Rfa16,
    #[serde(rename = "RFA17A")]
    Rfa17A,
    #[serde(rename = "RFA17B")]
    Rfa17B,
    #[serde(rename = "RFA19")]
    Rfa19,
    #[serde(rename = "RFA20")]
    Rfa20,
    #[serde(rename = "RFA21")]
    Rfa21,
    #[serde(rename = "RFA22")]
    Rfa22,
    #[serde(rename = "RFA23")]
    Rfa23,
}

impl Rfa {
    pub const ALL: [Rfa; 19] = [
        Rfa::Rfa1,
        Rfa::Rfa2,
        Rfa::Rfa3,
        Rfa::Rfa4,
        Rfa::Rfa5,
        Rfa::Rfa6,
        Rfa::Rfa8,
        Rfa::Rfa9,
        Rfa::Rfa13,
        Rfa::Rfa15A,
        Rfa::Rfa15B,
        Rfa::Rfa16,
        Rfa::Rfa17A,
        Rfa::Rfa17B,
        Rfa::Rfa19,
        Rfa::Rfa20,
        Rfa::Rfa21,
        Rfa::Rfa22,
        Rfa::Rfa23,
    ];

    /// The inverse of [`Rfa::code`].
    pub fn from_code(code: &str) -> Option<Rfa> {
        Rfa::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Rfa::Rfa1 => "RFA1",
            Rfa::Rfa2 => "RFA2",
            Rfa::Rfa3 => "RFA3",
            Rfa::Rfa4 => "RFA4",
            Rfa::Rfa5 => "RFA5",
            Rfa::Rfa6 => "RFA6",
            Rfa::Rfa8 => "RFA8",
            Rfa::Rfa9 => "RFA9",
            Rfa::Rfa13 => "RFA13",
            Rfa::Rfa15A => "RFA15A",
            Rfa::Rfa15B => "RFA15B",
            Rfa::Rfa16 => "RFA16",
            Rfa::Rfa17A => "RFA17A",
            Rfa::Rfa17B => "RFA17B",
            Rfa::Rfa19 => "RFA19",
            Rfa::Rfa20 => "RFA20",
            Rfa::Rfa21 => "RFA21",
            Rfa::Rfa22 => "RFA22",
            Rfa::Rfa23 => "RFA23",
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.sv(),
            Lang::En => self.en(),
        }
    }

    fn sv(self) -> &'static str {
        match self {
            Rfa::Rfa1 => "Starta BankID-appen.",
            Rfa::Rfa2 => "Du verkar inte ha BankID-appen. Installera den och skaffa ett BankID.",
            Rfa::Rfa3 => "Åtgärden avbröts. Försök igen.",
            Rfa::Rfa4 => "En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.",
            Rfa::Rfa5 => "Något gick fel. Försök igen.",
            Rfa::Rfa6 => "Åtgärden avbröts.",
            Rfa::Rfa8 => "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.",
            Rfa::Rfa9 => "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.",
            Rfa::Rfa13 => "Försöker starta BankID-appen.",
            Rfa::Rfa15A => "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här datorn. Om du har ett BankID på kort, sätt in kortet i kortläsaren.",
            Rfa::Rfa15B => "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.",
            Rfa::Rfa16 => "Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.",
            Rfa::Rfa17A => "Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.",
            Rfa::Rfa17B => "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.",
            Rfa::Rfa19 => "Vill du använda BankID på den här datorn eller ett Mobilt BankID?",
            Rfa::Rfa20 => "Vill du använda BankID på den här enheten eller på en annan enhet?",
            Rfa::Rfa21 => "En identifiering eller underskrift pågår.",
            Rfa::Rfa22 => "Något gick fel. Försök igen.",
            Rfa::Rfa23 => "Fotografera och läs av din ID-handling med BankID-appen.",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Rfa::Rfa1 => "Start your BankID app.",
            Rfa::Rfa2 => "You don't seem to have the BankID app. Install the app and get a BankID.",
            Rfa::Rfa3 => "The action was cancelled. Please try again.",
            Rfa::Rfa4 => "An identification or signature is already in progress for your personal identity number. Please try again.",
            Rfa::Rfa5 => "Something went wrong. Please try again.",
            Rfa::Rfa6 => "The action was cancelled.",
            Rfa::Rfa8 => "The BankID app is not responding. Please check that it's started and that you have internet access. Try again.",
            Rfa::Rfa9 => "Enter your security code in the BankID app and select Identify or Sign.",
            Rfa::Rfa13 => "Trying to start your BankID app.",
            Rfa::Rfa15A => "Searching for BankID. Make sure you have a valid BankID on this computer. If you have a BankID on card, please insert the card into your card reader.",
            Rfa::Rfa15B => "Searching for BankID. Make sure you have a valid BankID on this device.",
            Rfa::Rfa16 => "Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.",
            Rfa::Rfa17A => "You don't seem to have the BankID app/program. Please install it and get a BankID from your bank.",
            Rfa::Rfa17B => "Failed to scan the QR code. Start the BankID app and scan the QR code.",
            Rfa::Rfa19 => "Would you like to use BankID on this computer, or a Mobile BankID?",
            Rfa::Rfa20 => "Do you want to use BankID on this device or another device?",
            Rfa::Rfa21 => "An identification or signing is in progress.",
            Rfa::Rfa22 => "Something went wrong. Please try again.",
            Rfa::Rfa23 => "Take a photo of, and scan, your ID document with the BankID app.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages_and_codes_match_serde() {
        for rfa in Rfa::ALL {
            for lang in Lang::ALL {
                assert!(!rfa.message(lang).is_empty());
            }
            assert_eq!(
                serde_json::to_string(&rfa).unwrap(),
                format!("\"{}\"", rfa.code())
            );
            assert_eq!(Rfa::from_code(rfa.code()), Some(rfa));
        }
        assert_eq!(Rfa::from_code("RFA99"), None);
    }
}
