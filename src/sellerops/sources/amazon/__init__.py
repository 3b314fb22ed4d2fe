"""Amazon Seller Central, SP-API and Ads console reports."""
