//! The end user's IP as BankID wants it: the peer address, or — when the peer is one of
//! our trusted proxies — the nearest untrusted address in `X-Forwarded-For`.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

pub fn end_user_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
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
