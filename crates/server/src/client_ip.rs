//! The end user's IP as BankID wants it: the peer address, or — when the peer is one of
//! our trusted proxies — the nearest untrusted address in `X-Forwarded-For`. An
//! IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, what a dual-stack socket reports) is the
//! IPv4 address it maps, everywhere.

use axum::http::HeaderMap;
use ipnet::{IpNet, Ipv6Net};
use std::net::IpAddr;

/// The client one rate-limit budget belongs to: an IPv4 address, or an IPv6 /64 — the
/// smallest network a subscriber is given, so rotating through its 2^64 addresses
/// buys no extra budget.
pub fn rate_limit_client(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 64)
            .map(|net| net.trunc().to_string())
            .unwrap_or_else(|_| v6.to_string()),
    }
}

pub fn end_user_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
        .collect();
    // Walk from the proxy nearest to us outwards; the first untrusted hop is the client.
    forwarded
        .iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .copied()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64_and_mapped_ipv4_is_ipv4() {
        let key = |s: &str| rate_limit_client(s.parse().unwrap());
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("::ffff:198.51.100.7"), "198.51.100.7");
        assert_eq!(key("198.51.100.7"), "198.51.100.7");
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            end_user_ip(mapped, &headers("::ffff:203.0.113.9"), &trusted),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }

    proptest::proptest! {
        #[test]
        fn every_address_of_a_64_has_one_key(prefix: u64, a: u64, b: u64) {
            let ip = |low: u64| IpAddr::from(std::net::Ipv6Addr::from(
                (u128::from(prefix) << 64) | u128::from(low),
            ));
            // Skip the ::ffff:0:0/96 mapped range, which is IPv4.
            proptest::prop_assume!(prefix != 0);
            proptest::prop_assert_eq!(rate_limit_client(ip(a)), rate_limit_client(ip(b)));
        }
    }

    #[test]
    fn untrusted_peers_cannot_spoof_their_address() {
        let peer: IpAddr = "203.0.113.5".parse().unwrap();
        assert_eq!(
            end_user_ip(peer, &headers("1.2.3.4"), &["10.0.0.0/8".parse().unwrap()]),
            peer
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_wins() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let ip = end_user_ip(peer, &headers("6.6.6.6, 198.51.100.7, 10.0.0.9"), &trusted);
        assert_eq!(ip, "198.51.100.7".parse::<IpAddr>().unwrap());
        assert_eq!(end_user_ip(peer, &HeaderMap::new(), &trusted), peer);
    }
}
